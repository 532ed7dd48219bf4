from across import found, write

RULE = "stand-in-prefixes"


def test_passes_the_files_stretch_writes(run, tmp_path):
    assert found(run, write(tmp_path), RULE) == []


def test_fails_on_a_stand_in_with_a_wrong_prefix(run, tmp_path):
    paths = write(tmp_path, {"DevTest": ("<AddressPrefix>10.0.0.0/16", "<AddressPrefix>10.0.0.0/17")})
    assert found(run, paths, RULE) == [("DevTest", 6, (
        "local site 'Local-Dublin' (DevTest) lists 10.0.0.0/17, but VNet 'VNet-Dublin' (Production) has 10.0.0.0/16;"
        " a site that stands in for a VNet needs exactly its address space"))]


def test_one_file_alone_cannot_tell(run, tmp_path):
    paths = write(tmp_path, {"DevTest": ("<AddressPrefix>10.0.0.0/16", "<AddressPrefix>10.0.0.0/17")})
    assert run("validate", paths[1]).exit_code == 0  # DevTest's file is fine on its own
