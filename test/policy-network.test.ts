import * as assert from "node:assert";
import { networkRules } from "../policy/rules/network";
import { runRules } from "../policy/run";
import type { PolicyResource, Tier } from "../policy/types";
import { stackView, tierOf } from "../policy/view";
import { res } from "../offline/engine/policy";

const rule = (id: string) => {
    const found = networkRules.find((r) => r.id === id);
    if (!found) throw new Error(`no rule ${id}`);
    return found;
};

/** The messages rule `id` reports, the tier read from the resources' aws provider unless given. */
function messages(id: string, resources: PolicyResource[], tier?: Tier): string[] {
    const [result] = runRules(resources, { rules: [rule(id)], tier });
    return result.violations.map((v) => `${v.urn ?? "(stack)"}: ${v.message}`);
}

const provider = (environment: unknown) =>
    res("pulumi:providers:aws", "aws", { region: "us-east-1", defaultTags: { tags: { environment } } });
const vpc = (id = "vpc-1") => res("aws:ec2/vpc:Vpc", `vpc-${id}`, { cidrBlock: "10.10.0.0/16" }, { id });
const subnet = (name: string, kind: "public" | "private", az: string, props: Record<string, any> = {}) =>
    res(
        "aws:ec2/subnet:Subnet",
        name,
        {
            availabilityZone: az,
            mapPublicIpOnLaunch: false,
            tags: { [kind === "public" ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb"]: "1" },
            ...props,
        },
        { id: `subnet-${name}` },
    );
const nat = (i: number) => res("aws:ec2/natGateway:NatGateway", `nat-${i}`, { subnetId: `subnet-public-${i}` }, { id: `nat-${i}` });
const sg = (id: string, props: Record<string, any> = {}) =>
    res("aws:ec2/securityGroup:SecurityGroup", id, { vpcId: "vpc-1", ...props }, { id });
const tcp = (port: number, source: { cidrBlocks?: string[]; ipv6CidrBlocks?: string[]; securityGroups?: string[] }) => ({
    protocol: "tcp",
    fromPort: port,
    toPort: port,
    ...source,
});

/** Two AZs, a private and a public subnet in each. */
const twoAzs = () => [
    vpc(),
    subnet("public-0", "public", "us-east-1a"),
    subnet("public-1", "public", "us-east-1b"),
    subnet("private-0", "private", "us-east-1a"),
    subnet("private-1", "private", "us-east-1b"),
];

describe("network policy rules (policy/rules/network.ts)", () => {
    describe("tierOf", () => {
        it("reads the environment from the aws provider's default tags, as an object", () => {
            assert.strictEqual(tierOf([provider("staging")]), "staging");
        });
        it("reads it from default tags serialised as JSON (how the engine passes provider inputs)", () => {
            assert.strictEqual(
                tierOf([res("pulumi:providers:aws", "aws", { defaultTags: JSON.stringify({ tags: { environment: "dev" } }) })]),
                "dev",
            );
        });
        it("falls back to prod: no provider, no tag, an unknown tier, unparsable JSON, or the tag on another provider", () => {
            assert.strictEqual(tierOf([]), "prod");
            assert.strictEqual(tierOf([res("pulumi:providers:aws", "aws", { region: "us-east-1" })]), "prod");
            assert.strictEqual(tierOf([provider("qa")]), "prod");
            assert.strictEqual(tierOf([res("pulumi:providers:aws", "aws", { defaultTags: "{tags: environment=dev" })]), "prod");
            assert.strictEqual(
                tierOf([res("pulumi:providers:kubernetes", "k8s", { defaultTags: { tags: { environment: "dev" } } })]),
                "prod",
            );
        });
        it("is what stackView uses unless a tier is given", () => {
            assert.strictEqual(stackView([provider("dev")]).tier, "dev");
            assert.strictEqual(stackView([provider("dev")], "staging").tier, "staging");
        });
    });

    describe("N1 multi-AZ network", () => {
        it("passes 2 AZs with one NAT in dev", () => {
            assert.deepStrictEqual(messages("N1", [provider("dev"), ...twoAzs(), nat(0)]), []);
        });
        it("fails the same network in staging: one NAT for two AZs", () => {
            assert.deepStrictEqual(messages("N1", [provider("staging"), ...twoAzs(), nat(0)]), [
                "aws:ec2/vpc:Vpc::vpc-vpc-1: 1 NAT gateway(s) for 2 AZs in staging; each AZ needs its own NAT so one AZ failure does not cut egress.",
            ]);
        });
        it("passes staging with a NAT per AZ", () => {
            assert.deepStrictEqual(messages("N1", [provider("staging"), ...twoAzs(), nat(0), nat(1)]), []);
        });
        it("assumes prod, and so wants a NAT per AZ, when the tier is unknown", () => {
            assert.strictEqual(messages("N1", [...twoAzs(), nat(0)]).length, 1);
        });
        it("fails private subnets in a single AZ, even in dev", () => {
            const oneAz = [
                provider("dev"),
                vpc(),
                subnet("private-0", "private", "us-east-1a"),
                subnet("private-1", "private", "us-east-1a"),
                nat(0),
            ];
            assert.deepStrictEqual(messages("N1", oneAz), [
                "aws:ec2/vpc:Vpc::vpc-vpc-1: private subnets span 1 AZ(s); at least 2 are required.",
            ]);
        });
        it("ignores a stack without a VPC", () => {
            assert.deepStrictEqual(messages("N1", [provider("prod"), nat(0)]), []);
        });
    });

    describe("N2 private placement", () => {
        it("fails a private subnet that maps public IPs, not a public one", () => {
            const resources = [
                ...twoAzs(),
                subnet("private-2", "private", "us-east-1c", { mapPublicIpOnLaunch: true }),
                subnet("public-2", "public", "us-east-1c", { mapPublicIpOnLaunch: true }),
            ];
            assert.deepStrictEqual(messages("N2", resources), [
                "aws:ec2/subnet:Subnet::private-2: private subnet maps public IPs on launch.",
            ]);
        });
        it("fails a launch template that gives nodes public IPs (boolean or string)", () => {
            assert.deepStrictEqual(
                messages("N2", [
                    res("aws:ec2/launchTemplate:LaunchTemplate", "lt-a", { networkInterfaces: [{ associatePublicIpAddress: true }] }),
                    res("aws:ec2/launchTemplate:LaunchTemplate", "lt-b", { networkInterfaces: [{ associatePublicIpAddress: "true" }] }),
                    res("aws:ec2/launchTemplate:LaunchTemplate", "lt-ok", {
                        networkInterfaces: [{ associatePublicIpAddress: false }],
                        metadataOptions: { httpTokens: "required" },
                    }),
                ]),
                [
                    "aws:ec2/launchTemplate:LaunchTemplate::lt-a: launch template gives nodes public IPs.",
                    "aws:ec2/launchTemplate:LaunchTemplate::lt-b: launch template gives nodes public IPs.",
                ],
            );
        });
        it("fails a publicly accessible RDS instance", () => {
            assert.deepStrictEqual(messages("N2", [res("aws:rds/instance:Instance", "db", { publiclyAccessible: true })]), [
                "aws:rds/instance:Instance::db: RDS instance is publicly accessible.",
            ]);
            assert.deepStrictEqual(messages("N2", [res("aws:rds/instance:Instance", "db", { publiclyAccessible: false })]), []);
        });
        it("fails node groups, subnet groups, MSK and OpenSearch placed in a public subnet", () => {
            const mixed = ["subnet-private-0", "subnet-public-1"];
            assert.deepStrictEqual(
                messages("N2", [
                    ...twoAzs(),
                    res("aws:eks/nodeGroup:NodeGroup", "nodes", { subnetIds: mixed }),
                    res("aws:rds/subnetGroup:SubnetGroup", "db", { subnetIds: mixed }),
                    res("aws:msk/cluster:Cluster", "kafka", { brokerNodeGroupInfo: { clientSubnets: mixed } }),
                    res("aws:opensearch/domain:Domain", "search", { vpcOptions: { subnetIds: ["subnet-public-0", "subnet-public-1"] } }),
                ]),
                [
                    "aws:eks/nodeGroup:NodeGroup::nodes: placed in public subnet(s) public-1; use the private subnets.",
                    "aws:rds/subnetGroup:SubnetGroup::db: placed in public subnet(s) public-1; use the private subnets.",
                    "aws:msk/cluster:Cluster::kafka: placed in public subnet(s) public-1; use the private subnets.",
                    "aws:opensearch/domain:Domain::search: placed in public subnet(s) public-0, public-1; use the private subnets.",
                ],
            );
        });
        it("passes everything in the private subnets", () => {
            const privateOnes = ["subnet-private-0", "subnet-private-1"];
            assert.deepStrictEqual(
                messages("N2", [
                    ...twoAzs(),
                    res("aws:eks/nodeGroup:NodeGroup", "nodes", { subnetIds: privateOnes }),
                    res("aws:rds/subnetGroup:SubnetGroup", "db", { subnetIds: privateOnes }),
                    res("aws:msk/cluster:Cluster", "kafka", { brokerNodeGroupInfo: { clientSubnets: privateOnes } }),
                    res("aws:opensearch/domain:Domain", "search", { vpcOptions: { subnetIds: privateOnes } }),
                ]),
                [],
            );
        });
    });

    describe("N3 VPC flow logs", () => {
        const flowLog = (props: Record<string, any>) =>
            res("aws:ec2/flowLog:FlowLog", `fl-${JSON.stringify(props)}`, { logDestinationType: "cloud-watch-logs", ...props });
        it("passes a VPC with a flow log of ALL traffic", () => {
            assert.deepStrictEqual(messages("N3", [vpc(), flowLog({ vpcId: "vpc-1", trafficType: "ALL" })]), []);
        });
        it("fails a VPC whose only flow log captures rejected traffic", () => {
            assert.deepStrictEqual(messages("N3", [vpc(), flowLog({ vpcId: "vpc-1", trafficType: "REJECT" })]), [
                "aws:ec2/vpc:Vpc::vpc-vpc-1: VPC has no flow log with trafficType ALL.",
            ]);
        });
        it("fails a VPC when the flow log is another VPC's", () => {
            assert.deepStrictEqual(messages("N3", [vpc(), vpc("vpc-2"), flowLog({ vpcId: "vpc-2", trafficType: "ALL" })]), [
                "aws:ec2/vpc:Vpc::vpc-vpc-1: VPC has no flow log with trafficType ALL.",
            ]);
        });
        it("fails a VPC when the only ALL flow log is on a subnet or a network interface", () => {
            for (const attachment of [{ subnetId: "subnet-private-0" }, { eniId: "eni-1" }]) {
                assert.deepStrictEqual(
                    messages("N3", [vpc(), flowLog({ ...attachment, trafficType: "ALL" })]),
                    ["aws:ec2/vpc:Vpc::vpc-vpc-1: VPC has no flow log with trafficType ALL."],
                    JSON.stringify(attachment),
                );
            }
        });
        it("gives the benefit of the doubt when ids are unknown (preview of a new VPC)", () => {
            const newVpc = res("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.10.0.0/16" });
            assert.deepStrictEqual(messages("N3", [newVpc, flowLog({ trafficType: "ALL" })]), []);
        });
    });

    describe("N4 world ingress only on the ALB", () => {
        const alb = res("aws:lb/loadBalancer:LoadBalancer", "alb", { loadBalancerType: "application", securityGroups: ["sg-alb"] });
        it("passes 80 and 443 from the world on the ALB's group, and NodePorts from the ALB's group on the nodes", () => {
            assert.deepStrictEqual(
                messages("N4", [
                    alb,
                    sg("sg-alb", {
                        ingress: [
                            tcp(80, { cidrBlocks: ["0.0.0.0/0"] }),
                            tcp(443, { cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }),
                        ],
                    }),
                    res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "nodeports", {
                        securityGroupId: "sg-nodes",
                        ipProtocol: "tcp",
                        fromPort: 30080,
                        toPort: 30443,
                        referencedSecurityGroupId: "sg-alb",
                    }),
                ]),
                [],
            );
        });
        it("fails port 22 from any CIDR, inline or as a rule resource, even a private one", () => {
            assert.deepStrictEqual(
                messages("N4", [
                    sg("sg-bastion", { ingress: [tcp(22, { cidrBlocks: ["10.0.0.0/8"] })] }),
                    res("aws:ec2/securityGroupRule:SecurityGroupRule", "ssh", {
                        type: "ingress",
                        securityGroupId: "sg-nodes",
                        protocol: "tcp",
                        fromPort: 0,
                        toPort: 1024,
                        cidrBlocks: ["203.0.113.0/24"],
                    }),
                ]),
                [
                    "aws:ec2/securityGroup:SecurityGroup::sg-bastion: opens port 22 to 10.0.0.0/8; use SSM Session Manager or the Client VPN instead of SSH.",
                    "aws:ec2/securityGroupRule:SecurityGroupRule::ssh: opens port 22 to 203.0.113.0/24; use SSM Session Manager or the Client VPN instead of SSH.",
                ],
            );
        });
        it("fails other ports open to the world, over IPv4 or IPv6", () => {
            assert.deepStrictEqual(
                messages("N4", [
                    alb,
                    sg("sg-alb", { ingress: [tcp(8443, { ipv6CidrBlocks: ["::/0"] })] }),
                    res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "nodeports", {
                        securityGroupId: "sg-nodes",
                        ipProtocol: "tcp",
                        fromPort: 30000,
                        toPort: 32767,
                        cidrIpv4: "0.0.0.0/0",
                    }),
                ]),
                [
                    "aws:ec2/securityGroup:SecurityGroup::sg-alb: opens ports 8443-8443/tcp to the world; only 80 and 443 on the ALB may be.",
                    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::nodeports: opens ports 30000-32767/tcp to the world; only 80 and 443 on the ALB may be.",
                ],
            );
        });
        it("fails 443 from the world on a group that is not the ALB's", () => {
            assert.deepStrictEqual(messages("N4", [alb, sg("sg-nodes", { ingress: [tcp(443, { cidrBlocks: ["0.0.0.0/0"] })] })]), [
                "aws:ec2/securityGroup:SecurityGroup::sg-nodes: opens 80/443 to the world on a security group that is not the ALB's.",
            ]);
        });
        it("ignores egress rules", () => {
            assert.deepStrictEqual(
                messages("N4", [
                    res("aws:ec2/securityGroupRule:SecurityGroupRule", "out", {
                        type: "egress",
                        securityGroupId: "sg-nodes",
                        protocol: "-1",
                        fromPort: 0,
                        toPort: 0,
                        cidrBlocks: ["0.0.0.0/0"],
                    }),
                ]),
                [],
            );
        });
    });

    describe("N5 no mixed security-group rules", () => {
        const ingressRule = (groupId: string) =>
            res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `in-${groupId}`, {
                securityGroupId: groupId,
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                referencedSecurityGroupId: "sg-alb",
            });
        it("fails a group with inline rules that also has a separate rule resource", () => {
            assert.deepStrictEqual(
                messages("N5", [
                    sg("sg-nodes", { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }),
                    ingressRule("sg-nodes"),
                ]),
                [
                    "aws:ec2/securityGroup:SecurityGroup::sg-nodes: has inline rules and separate rule resources; move all rules to aws.vpc.SecurityGroupIngressRule/EgressRule.",
                ],
            );
        });
        it("passes inline-only groups and rule-resource-only groups side by side", () => {
            assert.deepStrictEqual(
                messages("N5", [
                    sg("sg-alb", { ingress: [tcp(443, { cidrBlocks: ["0.0.0.0/0"] })] }),
                    sg("sg-nodes"),
                    ingressRule("sg-nodes"),
                ]),
                [],
            );
        });
    });

    it("every network rule is mandatory and named after its checklist id", () => {
        assert.deepStrictEqual(
            networkRules.map((r) => [r.id, r.enforcement, r.name.startsWith(`${r.id.toLowerCase()}-`)]),
            [
                ["N1", "mandatory", true],
                ["N2", "mandatory", true],
                ["N3", "mandatory", true],
                ["N4", "mandatory", true],
                ["N5", "mandatory", true],
            ],
        );
    });
});
