import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/** What {@link clientOnlySecurityGroup} needs. */
export interface ClientOnlySecurityGroupArgs {
    vpcId: pulumi.Input<string>;
    /** The one TCP port clients may reach. */
    port: number;
    /** Security groups allowed in; one rule resource each. Plain-length array: it decides how many rules exist. */
    clientSecurityGroupIds: pulumi.Input<string>[];
    /** What sits behind the group, for descriptions ("PostgreSQL", "Kafka brokers"). */
    service: string;
}

/**
 * A data store's own security group: no inline rules, one aws.vpc.SecurityGroupIngressRule per client group on one
 * port (N5: inline and separate rules fight on every update), no egress (a store answers on established connections
 * and starts none; the provider removes AWS's default allow-all egress rule on create).
 */
export function clientOnlySecurityGroup(parent: pulumi.Resource, name: string, args: ClientOnlySecurityGroupArgs): aws.ec2.SecurityGroup {
    const sg = new aws.ec2.SecurityGroup(
        `${name}-sg`,
        {
            vpcId: args.vpcId,
            description: `${args.service}: ${args.port}/tcp from the platform's clients only`,
            tags: { Name: `${name}-sg` },
        },
        { parent },
    );
    args.clientSecurityGroupIds.forEach((source, i) => {
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-from-client-${i}`,
            {
                securityGroupId: sg.id,
                referencedSecurityGroupId: source,
                ipProtocol: "tcp",
                fromPort: args.port,
                toPort: args.port,
                description: `${args.service} clients`,
            },
            { parent },
        );
    });
    return sg;
}
