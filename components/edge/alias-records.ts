import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of {@link AliasRecords}. */
export interface AliasRecordsArgs {
    /** The environment zone (Dns.zoneId). */
    zoneId: pulumi.Input<string>;
    /** The environment's domain (Dns.domain). */
    domain: string;
    /** Host labels (Dns.hosts). Plain: one record (or two) per label. */
    hosts: string[];
    /** The ALB (LoadBalancer.dnsName and .zoneId). */
    target: { dnsName: pulumi.Input<string>; zoneId: pulumi.Input<string> };
    /** Also an AAAA alias per host; only for a dual-stack ALB. Default: false. */
    dualStack?: boolean;
}

/**
 * One alias record per host to the ALB: what was clicked in the console per service before. A separate component
 * from {@link Dns} because the ALB needs Dns's certificate and these records need the ALB.
 */
export class AliasRecords extends pulumi.ComponentResource {
    public readonly hostnames: pulumi.Output<string[]>;

    constructor(name: string, args: AliasRecordsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:edge:AliasRecords", name, {}, opts);
        const types = args.dualStack ? ["A", "AAAA"] : ["A"];
        const hosts = [...new Set(args.hosts)];
        for (const host of hosts) {
            for (const type of types) {
                new aws.route53.Record(
                    `${name}-${host}-${type.toLowerCase()}`,
                    {
                        zoneId: args.zoneId,
                        name: `${host}.${args.domain}`,
                        type,
                        // The ALB's health: if no target is healthy, Route 53 stops answering with it.
                        aliases: [{ name: args.target.dnsName, zoneId: args.target.zoneId, evaluateTargetHealth: true }],
                    },
                    { parent: this },
                );
            }
        }
        this.hostnames = pulumi.output(hosts.map((h) => `${h}.${args.domain}`));
        this.registerOutputs({ hostnames: this.hostnames });
    }
}
