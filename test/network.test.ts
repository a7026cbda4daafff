import * as assert from "node:assert";
import * as aws from "@pulumi/aws";
import { Network, type NetworkArgs } from "../components/network";
import { runComponent } from "../offline/engine/program";
import type { RecordedResource, Registry } from "../offline/engine/registry";

const T = {
    component: "platform:network:Network",
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    nat: "aws:ec2/natGateway:NatGateway",
    eip: "aws:ec2/eip:Eip",
    igw: "aws:ec2/internetGateway:InternetGateway",
    defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    flowLog: "aws:ec2/flowLog:FlowLog",
};

/** Declares one Network under an explicit provider named `aws`, as index.ts does. */
function runNetwork(name: string, args: NetworkArgs): Promise<Registry> {
    return runComponent(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        const network = new Network(name, args, { providers: { aws: provider } });
        return {
            privateSubnetIds: network.privateSubnetIds,
            natGatewayIds: network.natGatewayIds,
            availabilityZones: network.availabilityZones,
        };
    });
}

const byName = (reg: Registry, type: string) => Object.fromEntries(reg.ofType(type).map((r) => [r.name, r]));

describe("network component (components/network)", () => {
    let single: Registry; // 2 AZs from the AZ invoke, one shared NAT (dev)
    let perAz: Registry; // 3 explicit AZs, one NAT per AZ (staging/prod)

    before(async () => {
        single = await runNetwork("dev-net", {
            cidr: "10.10.0.0/16",
            azCount: 2,
            natGateways: "single",
            flowLogRetentionDays: 7,
            clusterName: "platform-dev",
            publicSubnetCidrs: ["10.10.192.0/20", "10.10.208.0/20"],
            privateSubnetCidrs: ["10.10.0.0/18", "10.10.64.0/18"],
        });
        perAz = await runNetwork("stg-net", {
            cidr: "10.20.0.0/16",
            azCount: 3,
            natGateways: "perAz",
            flowLogRetentionDays: 30,
            clusterName: "platform-staging",
            availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
            publicSubnetCidrs: ["10.20.192.0/20", "10.20.208.0/20", "10.20.224.0/20"],
            privateSubnetCidrs: ["10.20.0.0/18", "10.20.64.0/18", "10.20.128.0/18"],
        });
    });

    const common = {
        [T.component]: 1,
        [T.vpc]: 1,
        [T.igw]: 1,
        [T.defaultSg]: 1,
        [T.endpoint]: 1,
        [T.logGroup]: 1,
        [T.role]: 1,
        [T.rolePolicy]: 1,
        [T.flowLog]: 1,
        "pulumi:providers:aws": 1,
    };

    it("2 AZs, single NAT: 4 subnets, 3 route tables, 1 NAT and EIP, 4 associations", () => {
        assert.deepStrictEqual(single.countByType(), {
            ...common,
            [T.subnet]: 4,
            [T.routeTable]: 3,
            [T.association]: 4,
            [T.nat]: 1,
            [T.eip]: 1,
        });
    });

    it("3 AZs, NAT per AZ: 6 subnets, 4 route tables, 3 NATs and EIPs, 6 associations", () => {
        assert.deepStrictEqual(perAz.countByType(), {
            ...common,
            [T.subnet]: 6,
            [T.routeTable]: 4,
            [T.association]: 6,
            [T.nat]: 3,
            [T.eip]: 3,
        });
    });

    it("takes the region's first azCount zones from the AZ invoke when none are given", () => {
        const subnets = byName(single, T.subnet);
        assert.deepStrictEqual(
            ["dev-net-public-0", "dev-net-public-1", "dev-net-private-0", "dev-net-private-1"].map(
                (n) => subnets[n].inputs.availabilityZone,
            ),
            ["us-east-1a", "us-east-1b", "us-east-1a", "us-east-1b"],
        );
        assert.deepStrictEqual(single.outputs.availabilityZones.value, ["us-east-1a", "us-east-1b"]);
        assert.deepStrictEqual(
            perAz
                .ofType(T.subnet)
                .filter((s) => s.name.includes("private"))
                .map((s) => s.inputs.availabilityZone),
            ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
        );
    });

    it("tags public subnets for internet-facing and private subnets for internal load balancers and Karpenter, both for the cluster", () => {
        const subnets = byName(perAz, T.subnet);
        for (let i = 0; i < 3; i++) {
            assert.deepStrictEqual(subnets[`stg-net-public-${i}`].inputs.tags, {
                Name: `stg-net-public-${i}`,
                "kubernetes.io/role/elb": "1",
                "kubernetes.io/cluster/platform-staging": "shared",
            });
            assert.deepStrictEqual(subnets[`stg-net-private-${i}`].inputs.tags, {
                Name: `stg-net-private-${i}`,
                "kubernetes.io/role/internal-elb": "1",
                "karpenter.sh/discovery": "platform-staging",
                "kubernetes.io/cluster/platform-staging": "shared",
            });
        }
        assert.deepStrictEqual(
            perAz
                .ofType(T.subnet)
                .map((s) => s.inputs.cidrBlock)
                .sort(),
            ["10.20.0.0/18", "10.20.128.0/18", "10.20.192.0/20", "10.20.208.0/20", "10.20.224.0/20", "10.20.64.0/18"],
        );
    });

    it("never maps public IPs on launch, in any subnet", () => {
        for (const reg of [single, perAz]) {
            for (const s of reg.ofType(T.subnet)) assert.strictEqual(s.inputs.mapPublicIpOnLaunch, false, s.name);
        }
    });

    it("single NAT: every private route goes to the one NAT, which sits in public subnet 0 behind its EIP", () => {
        const tables = byName(single, T.routeTable);
        for (const i of [0, 1]) {
            assert.deepStrictEqual(tables[`dev-net-private-rt-${i}`].inputs.routes, [
                { cidrBlock: "0.0.0.0/0", natGatewayId: "nat-mock-dev-net-nat-0" },
            ]);
        }
        const nat = single.one(T.nat, "dev-net-nat-0");
        assert.strictEqual(nat.inputs.subnetId, "subnet-mock-dev-net-public-0");
        assert.strictEqual(nat.inputs.allocationId, "eipalloc-mock-dev-net-nat-0");
        assert.deepStrictEqual(nat.dependsOn, [`${T.igw}::dev-net-igw`]);
        assert.strictEqual(single.one(T.eip).inputs.domain, "vpc");
        assert.deepStrictEqual(single.outputs.natGatewayIds.value, ["nat-mock-dev-net-nat-0"]);
    });

    it("NAT per AZ: private route table i goes to NAT i in public subnet i", () => {
        const tables = byName(perAz, T.routeTable);
        const nats = byName(perAz, T.nat);
        for (const i of [0, 1, 2]) {
            assert.deepStrictEqual(tables[`stg-net-private-rt-${i}`].inputs.routes, [
                { cidrBlock: "0.0.0.0/0", natGatewayId: `nat-mock-stg-net-nat-${i}` },
            ]);
            assert.strictEqual(nats[`stg-net-nat-${i}`].inputs.subnetId, `subnet-mock-stg-net-public-${i}`);
            assert.strictEqual(nats[`stg-net-nat-${i}`].inputs.allocationId, `eipalloc-mock-stg-net-nat-${i}`);
        }
    });

    it("routes public subnets to the internet gateway and associates every subnet with its table", () => {
        assert.deepStrictEqual(perAz.one(T.routeTable, "stg-net-public-rt").inputs.routes, [
            { cidrBlock: "0.0.0.0/0", gatewayId: "igw-mock-stg-net-igw" },
        ]);
        const pairs = perAz
            .ofType(T.association)
            .map((a) => `${a.inputs.subnetId} -> ${a.inputs.routeTableId}`)
            .sort();
        assert.deepStrictEqual(pairs, [
            "subnet-mock-stg-net-private-0 -> rtb-mock-stg-net-private-rt-0",
            "subnet-mock-stg-net-private-1 -> rtb-mock-stg-net-private-rt-1",
            "subnet-mock-stg-net-private-2 -> rtb-mock-stg-net-private-rt-2",
            "subnet-mock-stg-net-public-0 -> rtb-mock-stg-net-public-rt",
            "subnet-mock-stg-net-public-1 -> rtb-mock-stg-net-public-rt",
            "subnet-mock-stg-net-public-2 -> rtb-mock-stg-net-public-rt",
        ]);
        assert.deepStrictEqual(
            perAz.outputs.privateSubnetIds.value,
            [0, 1, 2].map((i) => `subnet-mock-stg-net-private-${i}`),
        );
    });

    it("logs ALL VPC traffic to a log group with the tier's retention, through a role only flow logs can assume", () => {
        const flow = single.one(T.flowLog);
        const group = single.one(T.logGroup, "dev-net-flow-logs");
        const role = single.one(T.role, "dev-net-flow-logs");
        assert.strictEqual(flow.inputs.vpcId, "vpc-mock-dev-net-vpc");
        assert.strictEqual(flow.inputs.trafficType, "ALL");
        assert.strictEqual(flow.inputs.logDestinationType, "cloud-watch-logs");
        assert.strictEqual(flow.inputs.logDestination, group.outputs.arn);
        assert.strictEqual(flow.inputs.iamRoleArn, role.outputs.arn);
        assert.strictEqual(group.inputs.retentionInDays, 7);
        assert.strictEqual(perAz.one(T.logGroup).inputs.retentionInDays, 30);
        assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement, [
            {
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": "000000000000" },
                    ArnLike: { "aws:SourceArn": "arn:aws:ec2:us-east-1:000000000000:vpc-flow-log/*" },
                },
            },
        ]);
        const policy = single.one(T.rolePolicy, "dev-net-flow-logs");
        assert.deepStrictEqual(JSON.parse(policy.inputs.policy).Statement, [
            {
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [group.outputs.arn, `${group.outputs.arn}:*`],
            },
            { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
        ]);
    });

    // Guards the harness too: an empty mock id reads as unknown and drops every input built from it.
    it("attaches the flow-log policy to the flow-log role", () => {
        const role = single.one(T.role, "dev-net-flow-logs");
        assert.notStrictEqual(role.id, "");
        assert.strictEqual(single.one(T.rolePolicy, "dev-net-flow-logs").inputs.role, role.id);
    });

    it("puts the S3 gateway endpoint on every route table", () => {
        for (const reg of [single, perAz]) {
            const endpoint = reg.one(T.endpoint);
            assert.strictEqual(endpoint.inputs.vpcEndpointType, "Gateway");
            assert.strictEqual(endpoint.inputs.serviceName, "com.amazonaws.us-east-1.s3");
            assert.deepStrictEqual(
                [...endpoint.inputs.routeTableIds].sort(),
                reg
                    .ofType(T.routeTable)
                    .map((t) => t.id)
                    .sort(),
            );
        }
    });

    it("parents every child on the component and gives it the component's aws provider", () => {
        for (const reg of [single, perAz]) {
            const component = reg.one(T.component);
            const children = reg.resources.filter((r: RecordedResource) => r.custom && !r.type.startsWith("pulumi:providers:"));
            assert.strictEqual(children.length, reg.resources.length - 2);
            for (const r of children) {
                assert.strictEqual(r.parent, component.key, `${r.key} has parent ${r.parent}`);
                assert.strictEqual(r.provider, "aws", `${r.key} has provider ${r.provider}`);
            }
            assert.strictEqual(component.parent, undefined);
        }
    });
});
