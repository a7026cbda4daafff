import * as aws from "@pulumi/aws";
import type { PolicyResource, PropsOf, Rule, StackView } from "../types";
import { asArray, violation } from "../view";

const WORLD = ["0.0.0.0/0", "::/0"];
// The SDK types some flags as strings ("true"); the engine may hand either form.
const isTrue = (v: unknown) => v === true || v === "true";

type Subnet = PolicyResource<PropsOf<typeof aws.ec2.Subnet>>;
export const isPrivateSubnet = (s: Subnet) => s.props.tags?.["kubernetes.io/role/internal-elb"] === "1";
export const isPublicSubnet = (s: Subnet) => s.props.tags?.["kubernetes.io/role/elb"] === "1";

/** Every ingress permission in the stack, inline or as a separate rule resource, flattened. */
export interface Ingress {
    resource: PolicyResource<unknown>;
    /** The security group it opens (the resource itself for inline rules). */
    groupId?: string;
    fromPort: number;
    toPort: number;
    protocol: string;
    cidrs: string[];
    sourceGroupIds: string[];
}

/** Truthy strings: what `.filter(Boolean)` kept, typed. */
const present = (v: string | undefined): v is string => Boolean(v);

export function ingressPermissions(stack: StackView): Ingress[] {
    const out: Ingress[] = [];
    for (const sg of stack.ofClass(aws.ec2.SecurityGroup)) {
        for (const rule of asArray(sg.props.ingress)) {
            out.push({
                resource: sg,
                groupId: sg.id,
                fromPort: rule.fromPort,
                toPort: rule.toPort,
                protocol: String(rule.protocol),
                cidrs: [...asArray<string>(rule.cidrBlocks), ...asArray<string>(rule.ipv6CidrBlocks)],
                sourceGroupIds: asArray<string>(rule.securityGroups),
            });
        }
    }
    for (const r of stack.ofClass(aws.vpc.SecurityGroupIngressRule)) {
        out.push({
            resource: r,
            groupId: r.props.securityGroupId,
            fromPort: r.props.fromPort ?? 0,
            toPort: r.props.toPort ?? 65535,
            protocol: String(r.props.ipProtocol),
            cidrs: [r.props.cidrIpv4, r.props.cidrIpv6].filter(present),
            sourceGroupIds: [r.props.referencedSecurityGroupId].filter(present),
        });
    }
    for (const r of stack.ofClass(aws.ec2.SecurityGroupRule)) {
        if (r.props.type !== "ingress") continue;
        out.push({
            resource: r,
            groupId: r.props.securityGroupId,
            fromPort: r.props.fromPort,
            toPort: r.props.toPort,
            protocol: String(r.props.protocol),
            cidrs: [...asArray(r.props.cidrBlocks), ...asArray(r.props.ipv6CidrBlocks)],
            sourceGroupIds: [r.props.sourceSecurityGroupId].filter(present),
        });
    }
    return out;
}

const covers = (i: Ingress, port: number) => i.protocol === "-1" || i.protocol === "all" || (i.fromPort <= port && port <= i.toPort);

export const networkRules: Rule[] = [
    {
        id: "N1",
        name: "n1-multi-az-network",
        description: "At least 2 AZs with a private subnet in each; a NAT gateway per AZ outside dev (WA REL10).",
        enforcement: "mandatory",
        check(stack) {
            const vpcs = stack.ofClass(aws.ec2.Vpc);
            if (vpcs.length === 0) return [];
            const privateSubnets = stack.ofClass(aws.ec2.Subnet).filter(isPrivateSubnet);
            const azs = new Set(privateSubnets.map((s) => s.props.availabilityZone));
            const out = [];
            if (azs.size < 2 || privateSubnets.length < 2) {
                out.push(violation("N1", vpcs[0], `private subnets span ${azs.size} AZ(s); at least 2 are required.`));
            }
            const nats = stack.ofClass(aws.ec2.NatGateway).length;
            if (stack.tier !== "dev" && nats < azs.size) {
                out.push(
                    violation(
                        "N1",
                        vpcs[0],
                        `${nats} NAT gateway(s) for ${azs.size} AZs in ${stack.tier}; each AZ needs its own NAT so one AZ failure does not cut egress.`,
                    ),
                );
            }
            return out;
        },
    },
    {
        id: "N2",
        name: "n2-private-placement",
        description: "Nodes, RDS, MSK and OpenSearch sit in private subnets; nothing of theirs gets a public IP (BPG; CIS 5.4.3).",
        enforcement: "mandatory",
        check(stack) {
            const out = [];
            for (const s of stack.ofClass(aws.ec2.Subnet)) {
                if (isPrivateSubnet(s) && s.props.mapPublicIpOnLaunch)
                    out.push(violation("N2", s, "private subnet maps public IPs on launch."));
            }
            for (const lt of stack.ofClass(aws.ec2.LaunchTemplate)) {
                if (asArray(lt.props.networkInterfaces).some((n) => isTrue(n.associatePublicIpAddress))) {
                    out.push(violation("N2", lt, "launch template gives nodes public IPs."));
                }
            }
            for (const db of stack.ofClass(aws.rds.Instance)) {
                if (db.props.publiclyAccessible) out.push(violation("N2", db, "RDS instance is publicly accessible."));
            }
            // Where ids are known (offline, or after a first up), check that placements never name a public subnet.
            const placements: [PolicyResource<unknown>, string[]][] = [
                ...stack.ofClass(aws.eks.NodeGroup).map((r) => [r, asArray(r.props.subnetIds)] as [PolicyResource<unknown>, string[]]),
                ...stack.ofClass(aws.rds.SubnetGroup).map((r) => [r, asArray(r.props.subnetIds)] as [PolicyResource<unknown>, string[]]),
                ...stack
                    .ofClass(aws.msk.Cluster)
                    .map((r) => [r, asArray(r.props.brokerNodeGroupInfo?.clientSubnets)] as [PolicyResource<unknown>, string[]]),
                ...stack
                    .ofClass(aws.opensearch.Domain)
                    .map((r) => [r, asArray(r.props.vpcOptions?.subnetIds)] as [PolicyResource<unknown>, string[]]),
            ];
            for (const [r, ids] of placements) {
                const publicOnes = ids.map((id) => stack.byId(id, aws.ec2.Subnet)).filter((s): s is Subnet => !!s && isPublicSubnet(s));
                if (publicOnes.length > 0)
                    out.push(
                        violation(
                            "N2",
                            r,
                            `placed in public subnet(s) ${publicOnes.map((s) => s.name).join(", ")}; use the private subnets.`,
                        ),
                    );
            }
            return out;
        },
    },
    {
        id: "N3",
        name: "n3-vpc-flow-logs",
        description: "Every VPC has flow logs capturing all traffic (CKV2_AWS_11).",
        enforcement: "mandatory",
        check(stack) {
            // A flow log on a subnet, ENI or transit gateway has no vpcId either; it must not pass as the VPC's own.
            const elsewhere = (f: PolicyResource<PropsOf<typeof aws.ec2.FlowLog>>) =>
                [f.props.subnetId, f.props.eniId, f.props.transitGatewayId, f.props.transitGatewayAttachmentId].some(
                    (v) => v !== undefined,
                );
            const logs = stack.ofClass(aws.ec2.FlowLog).filter((f) => f.props.trafficType === "ALL" && !elsewhere(f));
            return stack
                .ofClass(aws.ec2.Vpc)
                .filter((vpc) => !logs.some((f) => f.props.vpcId === undefined || vpc.id === undefined || f.props.vpcId === vpc.id))
                .map((vpc) => violation("N3", vpc, "VPC has no flow log with trafficType ALL."));
        },
    },
    {
        id: "N4",
        name: "n4-world-ingress-only-alb",
        description:
            "Only the ALB accepts 0.0.0.0/0, and only on 80/443; nodes take NodePorts only from the ALB's security group; no port 22 from anywhere (CKV_AWS_24/260).",
        enforcement: "mandatory",
        check(stack) {
            const albGroups = new Set(stack.ofClass(aws.lb.LoadBalancer).flatMap((lb) => asArray(lb.props.securityGroups)));
            const out = [];
            for (const i of ingressPermissions(stack)) {
                const world = i.cidrs.some((c) => WORLD.includes(c));
                if (covers(i, 22) && i.cidrs.length > 0) {
                    out.push(
                        violation(
                            "N4",
                            i.resource,
                            `opens port 22 to ${i.cidrs.join(", ")}; use SSM Session Manager or the Client VPN instead of SSH.`,
                        ),
                    );
                    continue;
                }
                if (!world) continue;
                const webOnly = (i.fromPort === 80 && i.toPort === 80) || (i.fromPort === 443 && i.toPort === 443);
                if (!webOnly)
                    out.push(
                        violation(
                            "N4",
                            i.resource,
                            `opens ports ${i.fromPort}-${i.toPort}/${i.protocol} to the world; only 80 and 443 on the ALB may be.`,
                        ),
                    );
                else if (i.groupId !== undefined && !albGroups.has(i.groupId))
                    out.push(violation("N4", i.resource, "opens 80/443 to the world on a security group that is not the ALB's."));
            }
            return out;
        },
    },
    {
        id: "N5",
        name: "n5-no-mixed-sg-rules",
        description:
            "A security group uses inline rules or separate rule resources, never both (AG): mixing makes the two fight on every update.",
        enforcement: "mandatory",
        check(stack) {
            const separate = new Set(
                stack
                    .ofClass(aws.vpc.SecurityGroupIngressRule, aws.vpc.SecurityGroupEgressRule, aws.ec2.SecurityGroupRule)
                    .map((r) => r.props.securityGroupId),
            );
            return stack
                .ofClass(aws.ec2.SecurityGroup)
                .filter(
                    (sg) =>
                        (asArray(sg.props.ingress).length > 0 || asArray(sg.props.egress).length > 0) &&
                        sg.id !== undefined &&
                        separate.has(sg.id),
                )
                .map((sg) =>
                    violation(
                        "N5",
                        sg,
                        "has inline rules and separate rule resources; move all rules to aws.vpc.SecurityGroupIngressRule/EgressRule.",
                    ),
                );
        },
    },
];
