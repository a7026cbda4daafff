import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { chooseZones } from "../../stacks/zones";

/** Arguments of {@link Network}. */
export interface NetworkArgs {
    /** VPC CIDR, validated by stacks/ (/16 to /28, aligned). */
    cidr: string;
    /** Number of AZs (>= 2). Plain value: it decides how many subnets, routes and NATs exist. */
    azCount: number;
    /**
     * AZ names, as stacks created before zones were chosen by ID may pin them. Default: chosen by zone ID (below).
     * Names mean different physical zones in every account: prefer `availabilityZoneIds`.
     */
    availabilityZones?: pulumi.Input<string[]>;
    /**
     * Zone IDs (use1-az1) to put the subnets in, validated by stacks/. Default: the region's first `azCount` zones
     * whose IDs EKS and MSK accept (stacks/zones.ts). Either way the subnets get the account's zone name for the ID, so a
     * stack whose zones do not change keeps its subnets' inputs as they were.
     */
    availabilityZoneIds?: string[];
    /** One public subnet CIDR per AZ (the ALB and NAT gateways live there). */
    publicSubnetCidrs: string[];
    /** One private subnet CIDR per AZ (nodes, pods, data stores). */
    privateSubnetCidrs: string[];
    /** "single" shares one NAT (dev: cheap, one AZ failure cuts egress); "perAz" keeps egress zonal (N1). */
    natGateways: "single" | "perAz";
    /** Retention of the VPC flow log group, in days. */
    flowLogRetentionDays: number;
    /** KMS key for the flow log group; default: CloudWatch's own encryption. */
    logKmsKeyArn?: pulumi.Input<string>;
    /** Cluster name for the subnet discovery tags EKS and load balancer controllers read. */
    clusterName: string;
}

/**
 * Trust of the flow-logs role: the confused-deputy guard AWS's flow-logs IAM page documents. The flow log's own id
 * cannot be named (the flow log needs the role first), so any flow log of this account and region.
 */
export function flowLogsTrustPolicy(partition: string, region: string, account: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": account },
                    ArnLike: { "aws:SourceArn": `arn:${partition}:ec2:${region}:${account}:vpc-flow-log/*` },
                },
            },
        ],
    });
}

/** What flow logs need on their log group (AWS's flow-logs IAM page); DescribeLogGroups takes no resource type. */
export function flowLogsPolicy(logGroupArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [logGroupArn, `${logGroupArn}:*`],
            },
            { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
        ],
    });
}

/**
 * The environment's dedicated VPC: public and private subnets per AZ, NAT per tier, flow logs, an S3 gateway
 * endpoint, and the subnet tags EKS needs. Written with plain aws resources rather than awsx.ec2.Vpc: awsx's Vpc is a
 * remote component whose subnets, routes and NATs are invisible to unit tests, offline synth, the in-process policy
 * rules (N1-N3) and the cost report.
 */
export class Network extends pulumi.ComponentResource {
    public readonly vpcId: pulumi.Output<string>;
    public readonly vpcCidr: pulumi.Output<string>;
    public readonly availabilityZones: pulumi.Output<string[]>;
    /** Zone IDs of `availabilityZones`, in the same order. */
    public readonly availabilityZoneIds: pulumi.Output<string[]>;
    public readonly publicSubnetIds: pulumi.Output<string[]>;
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    public readonly privateRouteTableIds: pulumi.Output<string[]>;
    public readonly natGatewayIds: pulumi.Output<string[]>;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:network:Network", name, {}, opts);
        const child = { parent: this };
        // Availability Zones only: Local and Wavelength Zones cannot host EKS control-plane subnets.
        const available = aws.getAvailabilityZonesOutput(
            { state: "available", filters: [{ name: "zone-type", values: ["availability-zone"] }] },
            child,
        );
        const zones = args.availabilityZones
            ? pulumi
                  .all([args.availabilityZones, available])
                  .apply(([names, all]) => ({ names, zoneIds: names.map((n) => all.zoneIds[all.names.indexOf(n)] ?? n) }))
            : available.apply((all) => chooseZones({ names: all.names, zoneIds: all.zoneIds }, args.azCount, args.availabilityZoneIds));
        const azs = zones.names;
        const az = (i: number) => azs.apply((names) => names[i]);
        const clusterTag = { [`kubernetes.io/cluster/${args.clusterName}`]: "shared" };

        const vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: args.cidr,
                enableDnsHostnames: true,
                enableDnsSupport: true,
                tags: { Name: `${name}-vpc` },
            },
            child,
        );

        // The default security group allows all traffic between its members; nothing should use it (CKV2_AWS_12).
        new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id, tags: { Name: `${name}-default-locked` } }, child);

        const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { Name: `${name}-igw` } }, child);
        const publicRoutes = new aws.ec2.RouteTable(
            `${name}-public-rt`,
            {
                vpcId: vpc.id,
                routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
                tags: { Name: `${name}-public` },
            },
            child,
        );

        const publicSubnets = args.publicSubnetCidrs.map((cidr, i) => {
            const subnet = new aws.ec2.Subnet(
                `${name}-public-${i}`,
                {
                    vpcId: vpc.id,
                    cidrBlock: cidr,
                    availabilityZone: az(i),
                    mapPublicIpOnLaunch: false,
                    tags: { Name: `${name}-public-${i}`, "kubernetes.io/role/elb": "1", ...clusterTag },
                },
                child,
            );
            new aws.ec2.RouteTableAssociation(`${name}-public-${i}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }, child);
            return subnet;
        });

        const natCount = args.natGateways === "perAz" ? args.azCount : 1;
        const nats = Array.from({ length: natCount }, (_, i) => {
            const eip = new aws.ec2.Eip(`${name}-nat-${i}`, { domain: "vpc", tags: { Name: `${name}-nat-${i}` } }, child);
            return new aws.ec2.NatGateway(
                `${name}-nat-${i}`,
                {
                    allocationId: eip.id,
                    subnetId: publicSubnets[i].id,
                    tags: { Name: `${name}-nat-${i}` },
                },
                { parent: this, dependsOn: [igw] },
            );
        });

        const privateRouteTables = args.privateSubnetCidrs.map((cidr, i) => {
            const subnet = new aws.ec2.Subnet(
                `${name}-private-${i}`,
                {
                    vpcId: vpc.id,
                    cidrBlock: cidr,
                    availabilityZone: az(i),
                    mapPublicIpOnLaunch: false,
                    // karpenter.sh/discovery: the subnets Karpenter's EC2NodeClass launches nodes into (an in-place tag change).
                    tags: {
                        Name: `${name}-private-${i}`,
                        "kubernetes.io/role/internal-elb": "1",
                        "karpenter.sh/discovery": args.clusterName,
                        ...clusterTag,
                    },
                },
                child,
            );
            const table = new aws.ec2.RouteTable(
                `${name}-private-rt-${i}`,
                {
                    vpcId: vpc.id,
                    routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nats[Math.min(i, natCount - 1)].id }],
                    tags: { Name: `${name}-private-${i}` },
                },
                child,
            );
            new aws.ec2.RouteTableAssociation(`${name}-private-${i}`, { subnetId: subnet.id, routeTableId: table.id }, child);
            return { subnet, table };
        });

        // S3 traffic (ECR layers, Loki/Thanos-style buckets, ALB logs) skips the NAT: faster and free of NAT data charges.
        new aws.ec2.VpcEndpoint(
            `${name}-s3`,
            {
                vpcId: vpc.id,
                serviceName: pulumi.interpolate`com.amazonaws.${aws.getRegionOutput({}, child).region}.s3`,
                vpcEndpointType: "Gateway",
                routeTableIds: [publicRoutes.id, ...privateRouteTables.map((p) => p.table.id)],
                tags: { Name: `${name}-s3` },
            },
            child,
        );

        this.createFlowLogs(name, vpc, args);

        this.vpcId = vpc.id;
        this.vpcCidr = vpc.cidrBlock;
        this.availabilityZones = azs;
        this.availabilityZoneIds = zones.zoneIds;
        this.publicSubnetIds = pulumi.all(publicSubnets.map((s) => s.id));
        this.privateSubnetIds = pulumi.all(privateRouteTables.map((p) => p.subnet.id));
        this.privateRouteTableIds = pulumi.all(privateRouteTables.map((p) => p.table.id));
        this.natGatewayIds = pulumi.all(nats.map((n) => n.id));
        this.registerOutputs({
            vpcId: this.vpcId,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
        });
    }

    private createFlowLogs(name: string, vpc: aws.ec2.Vpc, args: NetworkArgs): void {
        const child = { parent: this };
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-flow-logs`,
            {
                name: `/platform/${name}/vpc-flow-logs`,
                retentionInDays: args.flowLogRetentionDays,
                kmsKeyId: args.logKmsKeyArn,
            },
            child,
        );
        const account = aws.getCallerIdentityOutput({}, child).accountId;
        const region = aws.getRegionOutput({}, child).region;
        const partition = aws.getPartitionOutput({}, child).partition;
        const role = new aws.iam.Role(
            `${name}-flow-logs`,
            {
                assumeRolePolicy: pulumi.all([partition, region, account]).apply(([p, r, a]) => flowLogsTrustPolicy(p, r, a)),
            },
            child,
        );
        new aws.iam.RolePolicy(
            `${name}-flow-logs`,
            {
                role: role.id,
                policy: logGroup.arn.apply(flowLogsPolicy),
            },
            child,
        );
        new aws.ec2.FlowLog(
            `${name}-flow-log`,
            {
                vpcId: vpc.id,
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: logGroup.arn,
                iamRoleArn: role.arn,
                maxAggregationInterval: 60,
            },
            child,
        );
    }
}
