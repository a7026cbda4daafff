import * as assert from "node:assert";
import * as aws from "@pulumi/aws";
import { ClientVpn } from "../components/vpn";
import { runRules } from "../policy/run";
import { vpnRules } from "../policy/rules/vpn";
import type { PolicyResource } from "../policy/types";
import { DEFAULT_OFFICE_HOURS } from "../stacks/schedule";
import { checkPolicies, res } from "../offline/engine/policy";
import { runComponent } from "../offline/engine/program";

const ENDPOINT = "aws:ec2clientvpn/endpoint:Endpoint";
const AUTH = "aws:ec2clientvpn/authorizationRule:AuthorizationRule";

const vpc = res("aws:ec2/vpc:Vpc", "dev-vpc", { cidrBlock: "10.10.0.0/16" }, { id: "vpc-1" });
const logging = { enabled: true, cloudwatchLogGroup: "/platform/dev-vpn/client-vpn", cloudwatchLogStream: "connections" };
const endpoint = (props: Record<string, unknown> = {}) =>
    res(ENDPOINT, "dev-vpn-endpoint", { clientCidrBlock: "10.250.0.0/22", vpcId: "vpc-1", connectionLogOptions: logging, ...props });
const auth = (targetNetworkCidr: string) => res(AUTH, "dev-vpn-vpc", { targetNetworkCidr, authorizeAllGroups: true });

const messages = (resources: PolicyResource[]) =>
    runRules(resources, { rules: vpnRules, tier: "prod" }).flatMap((r) => r.violations.map((v) => v.message));

describe("policy N6 Client VPN", () => {
    it("passes a /22 client block outside the VPC, logging on, authorization to the VPC CIDR", () => {
        assert.deepStrictEqual(messages([vpc, endpoint(), auth("10.10.0.0/16")]), []);
    });

    it("passes the largest block (/12) and a subnet of the VPC as authorization target", () => {
        assert.deepStrictEqual(messages([vpc, endpoint({ clientCidrBlock: "172.16.0.0/12" }), auth("10.10.64.0/18")]), []);
    });

    const failing: [string, PolicyResource[], string[]][] = [
        [
            "a block smaller than /22",
            [vpc, endpoint({ clientCidrBlock: "10.250.0.0/24" })],
            ["client CIDR 10.250.0.0/24 is /24; Client VPN needs /12 to /22."],
        ],
        [
            "a block larger than /12",
            [vpc, endpoint({ clientCidrBlock: "172.0.0.0/11" })],
            ["client CIDR 172.0.0.0/11 is /11; Client VPN needs /12 to /22."],
        ],
        [
            "a block overlapping the VPC",
            [vpc, endpoint({ clientCidrBlock: "10.10.252.0/22" })],
            ["client CIDR 10.10.252.0/22 overlaps the VPC dev-vpc (10.10.0.0/16); clients could not reach the addresses they share."],
        ],
        [
            "a VPC inside the client block",
            [vpc, endpoint({ clientCidrBlock: "10.0.0.0/12" })],
            ["client CIDR 10.0.0.0/12 overlaps the VPC dev-vpc (10.10.0.0/16); clients could not reach the addresses they share."],
        ],
        [
            "a malformed block",
            [vpc, endpoint({ clientCidrBlock: "10.250.0.1/22" })],
            ['client CIDR "10.250.0.1/22" is not a valid, aligned IPv4 block.'],
        ],
        [
            "logging off",
            [vpc, endpoint({ connectionLogOptions: { enabled: false } })],
            ["connection logging is off; turn connectionLogOptions.enabled on with a CloudWatch log group."],
        ],
        [
            "logging without a log group",
            [vpc, endpoint({ connectionLogOptions: { enabled: true } })],
            ["connection logging names no CloudWatch log group."],
        ],
        ["authorization to the world", [vpc, endpoint(), auth("0.0.0.0/0")], ["authorizes 0.0.0.0/0; scope VPN users to the VPC CIDR."]],
        [
            "authorization outside the VPC",
            [vpc, endpoint(), auth("192.168.0.0/16")],
            ["authorizes 192.168.0.0/16, which is not inside the VPC CIDR 10.10.0.0/16."],
        ],
        [
            "authorization wider than the VPC",
            [vpc, endpoint(), auth("10.0.0.0/8")],
            ["authorizes 10.0.0.0/8, which is not inside the VPC CIDR 10.10.0.0/16."],
        ],
    ];
    for (const [label, resources, expected] of failing) {
        it(`fails ${label}`, () => assert.deepStrictEqual(messages(resources), expected));
    }

    it("names the offending resource", () => {
        const [result] = runRules([vpc, endpoint(), auth("0.0.0.0/0")], { rules: vpnRules });
        assert.deepStrictEqual(
            result.violations.map((v) => [v.rule, v.urn]),
            [["N6", `${AUTH}::dev-vpn-vpc`]],
        );
    });

    it("passes what ClientVpn declares next to its VPC", async () => {
        const reg = await runComponent(() => {
            const v = new aws.ec2.Vpc("dev-vpc", { cidrBlock: "10.10.0.0/16" });
            new ClientVpn("dev-vpn", {
                vpcId: v.id,
                vpcCidr: "10.10.0.0/16",
                subnetIds: ["subnet-a"],
                domain: "dev.example.com",
                logRetentionDays: 7,
                protect: false,
                settings: {
                    enabled: true,
                    clientCidr: "10.250.0.0/22",
                    subnetAssociations: 1,
                    alwaysOn: false,
                    officeHours: DEFAULT_OFFICE_HOURS,
                },
            });
        });
        const results = checkPolicies(reg, { rules: vpnRules });
        assert.deepStrictEqual(
            results.flatMap((r) => r.violations),
            [],
        );
        assert.strictEqual(reg.ofType(ENDPOINT).length, 1);
    });
});
