from across import found, write

RULE = "stand-in-prefixes"


def test_passes_the_files_stretch_writes(run, tmp_path):
    assert found(run, write(tmp_path), RULE) == []


def test_fails_on_a_stand_in_with_a_wrong_prefix(run, tmp_path):
    paths = write(tmp_path, {"DevTest": ("<AddressPrefix>10.0.0.0/16", "<AddressPrefix>10.0.0.0/17")})
    assert found(run, paths, RULE) == [
        (
            "DevTest",
            6,
            (
                "local site 'Local-Dublin' (DevTest) stands in for VNet 'VNet-Dublin' (Production) but routes only part of its"
                " address space (lists 10.0.0.0/17; 'VNet-Dublin' has 10.0.0.0/16): traffic for the rest has no route; list all"
                " of that VNet's address space"
            ),
        )
    ]


def test_one_file_alone_cannot_tell(run, tmp_path):
    paths = write(tmp_path, {"DevTest": ("<AddressPrefix>10.0.0.0/16", "<AddressPrefix>10.0.0.0/17")})
    assert run("validate", paths[1]).exit_code == 0  # DevTest's file is fine on its own


def test_a_stand_in_that_lists_more_than_its_vnet_passes(run, tmp_path):
    # A stand-in is a route list: the VNet's space plus an on-premises range behind it, a covering
    # supernet, or the space in two halves all route every address of the VNet.
    for new in (
        "<AddressPrefix>10.0.0.0/16</AddressPrefix><AddressPrefix>192.168.0.0/24",
        "<AddressPrefix>10.0.0.0/15",
        "<AddressPrefix>10.0.0.0/17</AddressPrefix><AddressPrefix>10.0.128.0/17",
    ):
        paths = write(tmp_path, {"DevTest": ("<AddressPrefix>10.0.0.0/16", new)})
        assert found(run, paths, RULE) == [], new
