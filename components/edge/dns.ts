import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { dnsLabel } from "../../stacks/predicates";

/**
 * TTL of the NS delegation in the parent zone. 300 s rather than the TLD-style 172800: an environment zone that is
 * destroyed and recreated (dev) gets new name servers, and resolvers should not keep the old ones for two days.
 */
export const DELEGATION_TTL = 300;
/** ACM usually validates in 1.5-9 min; past this the delegation is missing, and waiting longer will not help. */
export const VALIDATION_TIMEOUT = "30m";

/** A certificate name's validation key: ACM issues one CNAME for `*.d` and `d`, so both map to `d`. */
export const validationKey = (domainName: string) => domainName.replace(/^\*\./, "");

/** The names the environment's certificate covers: the wildcard (every host) and the apex. */
export const certificateNames = (domain: string): [string, string] => [`*.${domain}`, domain];

/** The distinct validation records among ACM's options: the wildcard and the apex share one CNAME. */
export function uniqueValidationRecords(
    options: aws.types.output.acm.CertificateDomainValidationOption[],
): aws.types.output.acm.CertificateDomainValidationOption[] {
    const seen = new Map<string, aws.types.output.acm.CertificateDomainValidationOption>();
    for (const o of options) if (!seen.has(o.resourceRecordName)) seen.set(o.resourceRecordName, o);
    return [...seen.values()];
}

/** Options of the zone: `protect` outside dev (D6), so a stray destroy cannot change the environment's name servers. */
export function zoneOptions(parent: pulumi.Resource, protect: boolean): pulumi.CustomResourceOptions {
    return { parent, protect };
}

/** Throws unless every host is one lower-case DNS label (the wildcard covers one level); returns them without repeats. */
export function checkHosts(domain: string, hosts: string[]): string[] {
    const bad = hosts.filter((h) => dnsLabel(h) !== undefined);
    if (bad.length > 0) {
        throw new Error(
            `Dns ${domain}: host(s) ${bad.map((h) => JSON.stringify(h)).join(", ")} are not single lower-case DNS labels; ` +
                `the certificate *.${domain} covers one level below the domain. Use labels such as "auth".`,
        );
    }
    return [...new Set(hosts)];
}

/** Arguments of {@link Dns}. */
export interface DnsArgs {
    /** The environment's domain, e.g. dev.domain.io: lower case, no trailing dot (validated by stacks/). */
    domain: string;
    /** Zone id of the parent domain when it is in this account: the NS delegation is declared there. Plain: it decides whether the record exists. */
    parentZoneId?: string;
    /** Host labels that get alias records (apps' hosts plus dns.extraHosts); used for `hostnames` and checked here. */
    hosts: string[];
    /** Protect the zone (outside dev). */
    protect: boolean;
}

/**
 * The environment's hosted zone, its delegation when the parent is in reach, and the DNS-validated `*.domain` +
 * `domain` certificate. Alias records come later ({@link AliasRecords}): the ALB needs this certificate first, and
 * the aliases need the ALB, so zone and certificate here, ALB next, aliases last; no cycle.
 */
export class Dns extends pulumi.ComponentResource {
    public readonly zoneId: pulumi.Output<string>;
    /** Copy these into the parent's NS record when `parentZoneId` is not set (docs/edge.md). */
    public readonly nameServers: pulumi.Output<string[]>;
    /** The certificate's ARN, known only once ACM has issued it (from the CertificateValidation). */
    public readonly certificateArn: pulumi.Output<string>;
    /** Fully qualified names of `hosts`. */
    public readonly hostnames: pulumi.Output<string[]>;
    public readonly domain: string;
    public readonly hosts: string[];

    constructor(name: string, args: DnsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:edge:Dns", name, {}, opts);
        const child = { parent: this };
        this.domain = args.domain;
        this.hosts = checkHosts(args.domain, args.hosts);

        const zone = new aws.route53.Zone(
            `${name}-zone`,
            {
                name: args.domain,
                comment: `Environment zone ${args.domain}, managed by Pulumi`,
            },
            zoneOptions(this, args.protect),
        );

        const delegation =
            args.parentZoneId === undefined
                ? undefined
                : new aws.route53.Record(
                      `${name}-delegation`,
                      {
                          zoneId: args.parentZoneId,
                          name: args.domain,
                          type: "NS",
                          ttl: DELEGATION_TTL,
                          records: zone.nameServers,
                      },
                      child,
                  );

        const names = certificateNames(args.domain);
        const certificate = new aws.acm.Certificate(
            `${name}-certificate`,
            {
                domainName: names[0],
                subjectAlternativeNames: [names[1]],
                validationMethod: "DNS",
                tags: { Name: names[0] },
            },
            child,
        );

        const keys = [...new Set(names.map(validationKey))];
        const records = keys.map((key, i) => {
            const option = certificate.domainValidationOptions.apply((options) => {
                const found = uniqueValidationRecords(options).find((o) => validationKey(o.domainName) === key);
                if (!found) throw new Error(`Dns ${args.domain}: ACM returned no validation record for ${key}.`);
                return found;
            });
            return new aws.route53.Record(
                `${name}-validation-${i}`,
                {
                    zoneId: zone.zoneId,
                    name: option.resourceRecordName,
                    type: option.resourceRecordType,
                    records: [option.resourceRecordValue],
                    ttl: 60,
                    // ACM reuses the record name for a reissued certificate (and for the wildcard and apex alike).
                    allowOverwrite: true,
                },
                child,
            );
        });

        const validation = new aws.acm.CertificateValidation(
            `${name}-certificate-validation`,
            {
                certificateArn: certificate.arn,
                validationRecordFqdns: records.map((r) => r.fqdn),
            },
            {
                parent: this,
                // ACM can only see the records once the parent delegates to this zone; no data flows from the NS record.
                dependsOn: delegation ? [delegation] : [],
                customTimeouts: { create: VALIDATION_TIMEOUT },
            },
        );

        this.zoneId = zone.zoneId;
        this.nameServers = zone.nameServers;
        this.certificateArn = validation.certificateArn;
        this.hostnames = pulumi.output(this.hosts.map((h) => `${h}.${args.domain}`));
        this.registerOutputs({
            zoneId: this.zoneId,
            nameServers: this.nameServers,
            certificateArn: this.certificateArn,
            hostnames: this.hostnames,
        });
    }
}
