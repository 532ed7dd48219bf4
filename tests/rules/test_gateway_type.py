"""gateway-type: a StaticRouting gateway (a topology says the type) with what only DynamicRouting carries."""

from ruletest import run as findings_of

RULE = "gateway-type"


def topology(kind: str, connections: str, pool: str = "") -> str:
    extra = f", client_pool = [{pool}]" if pool else ""
    return f"""[[local_site]]
name = "Local-Holland"
prefixes = ["10.1.0.0/16"]
mirrors = "VNet-Holland"
[[local_site]]
name = "HQ"
prefixes = ["192.168.0.0/24"]
[[vnet]]
name = "VNet-Dublin"
location = "North Europe"
prefixes = ["10.0.0.0/16"]
subnets = [{{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }}]
gateway = {{ type = "{kind}", connections = [{connections}]{extra} }}
[[vnet]]
name = "VNet-Holland"
location = "West Europe"
prefixes = ["10.1.0.0/16"]
"""


def found(text: str) -> list[tuple[int | None, str]]:
    from netcfg.validate import Selection, validate_bytes

    return [
        (f.line, f.message) for f in validate_bytes(text.encode(), file="t.toml", selection=Selection(select=frozenset({RULE})))
    ]


def test_fails_on_vnet_to_vnet_multi_site_and_point_to_site_with_the_line_of_the_gateway():
    text = topology("StaticRouting", '"Local-Holland", "HQ"', '"172.16.0.0/24"')
    assert found(text) == [
        (
            13,
            (
                "the gateway of VNet 'VNet-Dublin' is StaticRouting, but it connects to VNet 'VNet-Holland' and it has 2"
                " site-to-site connections and it has a point-to-site client pool; classic supported those only on"
                ' DynamicRouting gateways ("Only the Dynamic Routing VPNs", VPN Gateway FAQ): make it DynamicRouting'
            ),
        )
    ]


def test_passes_one_site_to_site_tunnel_on_a_static_gateway_and_anything_on_a_dynamic_one():
    assert found(topology("StaticRouting", '"HQ"')) == []
    assert found(topology("DynamicRouting", '"Local-Holland", "HQ"', '"172.16.0.0/24"')) == []


def test_a_netcfg_does_not_say_the_type_so_it_is_never_blamed():
    from ruletest import gateway, netcfg, site, vnet

    text = netcfg(
        site("Local-Holland", "10.1.0.0/16")
        + "\n"
        + site("HQ", "192.168.0.0/24")
        + "\n<VirtualNetworkSites>"
        + vnet(inner=gateway("Local-Holland", "HQ"))
        + "</VirtualNetworkSites>"
    )
    assert findings_of(text, RULE) == []
