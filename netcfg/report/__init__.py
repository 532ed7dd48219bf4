"""How results are shown to a person or a program: findings (``validate``), changes (``diff``), a network (``show``)."""
