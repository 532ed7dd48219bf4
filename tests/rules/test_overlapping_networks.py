from across import found, write

RULE = "overlapping-networks"


def test_passes_distinct_spaces(run, tmp_path):
    assert found(run, write(tmp_path), RULE) == []


def test_fails_when_two_subscriptions_vnets_overlap(run, tmp_path):
    # DevTest's VNet-Holland moved into Production's 10.0.0.0/16 (its subnets with it).
    paths = write(tmp_path, {"DevTest": ("<AddressPrefix>10.1.0.0/16", "<AddressPrefix>10.0.128.0/17")})
    assert found(run, paths, RULE) == [
        (
            "DevTest",
            14,
            (
                "VNet 'VNet-Holland' (DevTest) overlaps VNet 'VNet-Dublin' (Production); the VNets of one network need distinct"
                " address spaces, across subscriptions too"
            ),
        )
    ]
