import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { IngressConfig } from "../../stacks/types";
import { ACCESS_LOG_PREFIX, accessLogBucket } from "./access-logs";
import { INGRESS_HEALTH_PATH } from "./ingress-controller";

/** AWS's recommended policy (TLS 1.3 + 1.2, hybrid post-quantum key exchange); A2's allow-list. */
export const ALB_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09";
/** AWS's default and recommendation: blocks severe desync risks without rejecting merely unusual requests (A3). */
export const ALB_DESYNC_MITIGATION = "defensive";
export const ALB_IDLE_TIMEOUT_SECONDS = 60;

/** Arguments of {@link LoadBalancer}. */
export interface LoadBalancerArgs {
    vpcId: pulumi.Input<string>;
    /** Public subnets, one per AZ. */
    publicSubnetIds: pulumi.Input<string[]>;
    /** The ALB reaches the nodes' NodePort inside this block, and nowhere else. */
    vpcCidr: pulumi.Input<string>;
    /** Auto Scaling groups of the managed node groups, in node-group order. */
    asgNames: pulumi.Input<string[]>;
    /** How many node groups (and so ASG attachments) there are. Plain: it decides how many attachments exist. */
    nodeGroupCount: number;
    /** The validated certificate (Dns.certificateArn): the HTTPS listener is created only once it is issued. */
    certificateArn: pulumi.Input<string>;
    /** NodePort and the CIDRs allowed on 80/443, validated by stacks/. */
    settings: Pick<IngressConfig, "httpNodePort" | "allowedCidrs">;
    /** Deletion protection on the ALB, and the log bucket kept on destroy. True outside dev (A4). */
    deletionProtection: boolean;
    /** Days the access logs are kept. */
    accessLogRetentionDays: number;
    /** The ingress controller's health endpoint. Default: {@link INGRESS_HEALTH_PATH}. */
    healthCheckPath?: string;
    /** Default: {@link ALB_IDLE_TIMEOUT_SECONDS}; keep it below nginx's keepalive-timeout (75 s). */
    idleTimeoutSeconds?: number;
    /** IPv4 and IPv6 listeners. Needs IPv6 on the public subnets. Default: false. */
    dualStack?: boolean;
}

const isIpv6 = (cidr: string) => cidr.includes(":");

/**
 * The environment's internet-facing ALB, replacing the hand-made one: TLS ends here with the wildcard certificate,
 * :80 only redirects, :443 forwards to the ingress controller's HTTP NodePort on every node. Its own security group
 * takes 80/443 from `allowedCidrs`. The nodes' group is the cluster's: the cluster declares the rule admitting this
 * group (`securityGroupId`) on the NodePort, and nothing else (N4; Cluster.admitToNodes, wired in index.ts).
 */
export class LoadBalancer extends pulumi.ComponentResource {
    public readonly dnsName: pulumi.Output<string>;
    public readonly zoneId: pulumi.Output<string>;
    public readonly arn: pulumi.Output<string>;
    public readonly arnSuffix: pulumi.Output<string>;
    public readonly targetGroupArnSuffix: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly accessLogBucket: pulumi.Output<string>;

    constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:edge:LoadBalancer", name, {}, opts);
        const child = { parent: this };
        const nodePort = args.settings.httpNodePort;

        // No inline rules: every rule is its own resource (N5).
        const sg = new aws.ec2.SecurityGroup(
            `${name}-alb-sg`,
            {
                vpcId: args.vpcId,
                description: "ALB: 80/443 from the allowed CIDRs; out only to the ingress NodePort",
                tags: { Name: `${name}-alb` },
            },
            child,
        );
        args.settings.allowedCidrs.forEach((cidr, i) => {
            for (const [label, port] of [
                ["http", 80],
                ["https", 443],
            ] as const) {
                new aws.vpc.SecurityGroupIngressRule(
                    `${name}-alb-${label}-${i}`,
                    {
                        securityGroupId: sg.id,
                        ...(isIpv6(cidr) ? { cidrIpv6: cidr } : { cidrIpv4: cidr }),
                        ipProtocol: "tcp",
                        fromPort: port,
                        toPort: port,
                        description: `${label.toUpperCase()} from ${cidr}`,
                    },
                    child,
                );
            }
        });
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-alb-to-nodes`,
            {
                securityGroupId: sg.id,
                cidrIpv4: args.vpcCidr,
                ipProtocol: "tcp",
                fromPort: nodePort,
                toPort: nodePort,
                description: "Ingress controller HTTP NodePort (traffic and health checks)",
            },
            child,
        );

        const logs = accessLogBucket(this, name, { retentionDays: args.accessLogRetentionDays, keepOnDestroy: args.deletionProtection });
        const alb = new aws.lb.LoadBalancer(
            `${name}-alb`,
            {
                loadBalancerType: "application",
                internal: false,
                ipAddressType: args.dualStack ? "dualstack" : "ipv4",
                subnets: args.publicSubnetIds,
                securityGroups: [sg.id],
                dropInvalidHeaderFields: true,
                desyncMitigationMode: ALB_DESYNC_MITIGATION,
                idleTimeout: args.idleTimeoutSeconds ?? ALB_IDLE_TIMEOUT_SECONDS,
                enableDeletionProtection: args.deletionProtection,
                enableHttp2: true,
                accessLogs: { enabled: true, bucket: logs.bucket.bucket, prefix: ACCESS_LOG_PREFIX },
                tags: { Name: `${name}-alb` },
            },
            { parent: this, dependsOn: [logs.policy] },
        );

        const targets = new aws.lb.TargetGroup(
            `${name}-tg`,
            {
                targetType: "instance",
                protocol: "HTTP",
                port: nodePort,
                vpcId: args.vpcId,
                // nginx finishes in-flight requests within seconds; the default 300 s only slows node rotation.
                deregistrationDelay: 30,
                healthCheck: {
                    enabled: true,
                    protocol: "HTTP",
                    port: "traffic-port",
                    path: args.healthCheckPath ?? INGRESS_HEALTH_PATH,
                    matcher: "200",
                    interval: 15,
                    timeout: 5,
                    healthyThreshold: 2,
                    unhealthyThreshold: 3,
                },
                tags: { Name: `${name}-ingress` },
            },
            child,
        );
        const asgNames = pulumi.output(args.asgNames);
        for (let i = 0; i < args.nodeGroupCount; i++) {
            new aws.autoscaling.Attachment(
                `${name}-asg-${i}`,
                {
                    autoscalingGroupName: asgNames.apply((n) => {
                        if (n[i] === undefined)
                            throw new Error(
                                `LoadBalancer ${name}: nodeGroupCount is ${args.nodeGroupCount} but only ${n.length} ASG name(s) were given.`,
                            );
                        return n[i];
                    }),
                    lbTargetGroupArn: targets.arn,
                },
                child,
            );
        }

        new aws.lb.Listener(
            `${name}-http`,
            {
                loadBalancerArn: alb.arn,
                port: 80,
                protocol: "HTTP",
                defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
            },
            child,
        );
        new aws.lb.Listener(
            `${name}-https`,
            {
                loadBalancerArn: alb.arn,
                port: 443,
                protocol: "HTTPS",
                certificateArn: args.certificateArn,
                sslPolicy: ALB_SSL_POLICY,
                defaultActions: [{ type: "forward", targetGroupArn: targets.arn }],
            },
            child,
        );

        this.dnsName = alb.dnsName;
        this.zoneId = alb.zoneId;
        this.arn = alb.arn;
        this.arnSuffix = alb.arnSuffix;
        this.targetGroupArnSuffix = targets.arnSuffix;
        this.securityGroupId = sg.id;
        this.accessLogBucket = logs.bucket.bucket;
        this.registerOutputs({
            dnsName: this.dnsName,
            zoneId: this.zoneId,
            arnSuffix: this.arnSuffix,
            targetGroupArnSuffix: this.targetGroupArnSuffix,
        });
    }
}
