import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import type { PolicyResource, PropsOf, ResourceClass, Rule, StackView, Violation } from "../types";
import { asArray, violation } from "../view";
import { ingressPermissions, isPublicSubnet } from "./network";

/** Resources whose loss loses data or the environment's identity (D6). */
export const STATEFUL_CLASSES = [
    aws.rds.Instance,
    aws.rds.Cluster,
    aws.msk.Cluster,
    aws.msk.ServerlessCluster,
    aws.opensearch.Domain,
    aws.kms.Key,
    aws.route53.Zone,
    eks.Cluster,
    aws.eks.Cluster,
] as const;
const STRICT_SSLMODES = ["require", "verify-ca", "verify-full"];
const TLS12_POLICY = /^Policy-Min-TLS-1-[23]-/;

const isTrue = (v: unknown) => v === true || v === "true";
const isFalse = (v: unknown) => v === false || v === "false";
const known = (v: unknown): v is string => typeof v === "string" && v !== "";

/** A resource referred to by id or, when ids are unknown (preview) or ids are names (RDS groups), by its name input. */
function resolve<C extends ResourceClass>(stack: StackView, cls: C, ref: unknown): PolicyResource<PropsOf<C>> | undefined {
    if (!known(ref)) return undefined;
    // Every class resolve is used with has a `name` input; the generic cannot say so.
    return stack.byId(ref, cls) ?? stack.ofClass(cls).find((r) => (r.props as { name?: unknown }).name === ref);
}

const forcesSsl = (pg: PolicyResource<PropsOf<typeof aws.rds.ParameterGroup>>) =>
    asArray(pg.props.parameters).some((p) => p.name === "rds.force_ssl" && String(p.value) === "1");

/** Every postgres:// URL in any resource input (Secrets, Helm values, env), with the path where it sits. */
function postgresUrls(value: unknown, path: string, out: [string, string][] = []): [string, string][] {
    if (typeof value === "string") {
        for (const m of value.matchAll(/postgres(?:ql)?:\/\/[^\s"'`]+/g)) out.push([path, m[0]]);
    } else if (Array.isArray(value)) {
        value.forEach((v, i) => {
            postgresUrls(v, `${path}[${i}]`, out);
        });
    } else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) postgresUrls(v, path ? `${path}.${k}` : k, out);
    }
    return out;
}

/** The part of an IAM policy statement D5 reads; the document is JSON text, so nothing vouches for its shape. */
interface PolicyStatement {
    Effect?: string;
    Condition?: unknown;
    Principal?: string | { AWS?: string | string[] };
}

const sslmodeOf = (url: string) => /[?&]sslmode=([a-z-]+)/.exec(url)?.[1];

export const dataRules: Rule[] = [
    {
        id: "D1",
        name: "d1-rds-private-encrypted",
        description:
            "RDS: storage encrypted; not publicly accessible; a private subnet group; 5432 open only to security groups (the cluster's), never to CIDRs (AG; CKV_AWS_16/17).",
        enforcement: "mandatory",
        check(stack) {
            const out: Violation[] = [];
            const ingress = ingressPermissions(stack);
            for (const db of stack.ofClass(aws.rds.Instance)) {
                if (!isTrue(db.props.storageEncrypted))
                    out.push(violation("D1", db, "storage is not encrypted; set storageEncrypted with the layer's KMS key."));
                if (isTrue(db.props.publiclyAccessible))
                    out.push(violation("D1", db, "is publicly accessible; set publiclyAccessible: false."));
                if (!db.props.dbSubnetGroupName) {
                    out.push(
                        violation(
                            "D1",
                            db,
                            "has no DB subnet group, so it lands in the default VPC; give it a subnet group of private subnets.",
                        ),
                    );
                } else {
                    const group = resolve(stack, aws.rds.SubnetGroup, db.props.dbSubnetGroupName);
                    const publicOnes = asArray(group?.props.subnetIds)
                        .map((id) => stack.byId(id, aws.ec2.Subnet))
                        .filter((s) => s !== undefined && isPublicSubnet(s));
                    if (publicOnes.length > 0)
                        out.push(
                            violation("D1", db, `subnet group includes public subnet(s) ${publicOnes.map((s) => s!.name).join(", ")}.`),
                        );
                }
                if (asArray(db.props.vpcSecurityGroupIds).length === 0) {
                    out.push(
                        violation(
                            "D1",
                            db,
                            "has no security group of its own, so it gets the VPC's default; give it one that admits 5432 from the cluster only.",
                        ),
                    );
                }
                const groups = new Set(asArray(db.props.vpcSecurityGroupIds).filter(known));
                for (const i of ingress.filter((p) => p.groupId !== undefined && groups.has(p.groupId))) {
                    if (i.cidrs.length > 0)
                        out.push(
                            violation(
                                "D1",
                                i.resource,
                                `admits ${i.cidrs.join(", ")} to the database; admit the cluster's security group instead of CIDRs.`,
                            ),
                        );
                    else if (i.fromPort !== 5432 || i.toPort !== 5432)
                        out.push(
                            violation(
                                "D1",
                                i.resource,
                                `opens ports ${i.fromPort}-${i.toPort} on the database's security group; only 5432 is needed.`,
                            ),
                        );
                }
            }
            return out;
        },
    },
    {
        id: "D2",
        name: "d2-rds-backups-and-ha",
        description: "RDS: backups kept >= 7 days; outside dev Multi-AZ, deletion protection and a final snapshot on destroy (WA REL09).",
        enforcement: "mandatory",
        check(stack) {
            const out: Violation[] = [];
            for (const db of stack.ofClass(aws.rds.Instance)) {
                const days = Number(db.props.backupRetentionPeriod ?? 0);
                if (!(days >= 7)) out.push(violation("D2", db, `keeps backups ${days} day(s); keep at least 7.`));
                if (stack.tier === "dev") continue;
                if (!isTrue(db.props.multiAz))
                    out.push(violation("D2", db, `is single-AZ in ${stack.tier}; set multiAz so one AZ failure does not take Hydra down.`));
                if (!isTrue(db.props.deletionProtection)) out.push(violation("D2", db, `has no deletion protection in ${stack.tier}.`));
                if (isTrue(db.props.skipFinalSnapshot) || !db.props.finalSnapshotIdentifier) {
                    out.push(
                        violation(
                            "D2",
                            db,
                            `would be destroyed without a final snapshot in ${stack.tier}; set skipFinalSnapshot: false and a finalSnapshotIdentifier.`,
                        ),
                    );
                }
            }
            return out;
        },
    },
    {
        id: "D3",
        name: "d3-postgres-tls",
        description:
            "RDS: TLS enforced by the instance's own parameter group (rds.force_ssl=1); every Postgres DSN uses sslmode=require or stricter.",
        enforcement: "mandatory",
        check(stack) {
            const out: Violation[] = [];
            const groups = stack.ofClass(aws.rds.ParameterGroup);
            for (const db of stack.ofClass(aws.rds.Instance)) {
                const ref = db.props.parameterGroupName;
                if (ref === undefined || ref === null || ref === "" || (known(ref) && ref.startsWith("default."))) {
                    out.push(
                        violation(
                            "D3",
                            db,
                            "uses the default parameter group, which does not force TLS; give it one with rds.force_ssl=1.",
                        ),
                    );
                    continue;
                }
                const pg = resolve(stack, aws.rds.ParameterGroup, ref);
                if (pg) {
                    if (!forcesSsl(pg)) out.push(violation("D3", pg, `parameter group of ${db.name} does not set rds.force_ssl=1.`));
                } else if (groups.length === 0 || !groups.every(forcesSsl)) {
                    // Name unknown (first preview): pass only if every parameter group in the stack forces TLS.
                    out.push(
                        violation(
                            "D3",
                            db,
                            `parameter group ${known(ref) ? ref : "(unknown)"} is not one of this stack's groups with rds.force_ssl=1.`,
                        ),
                    );
                }
            }
            for (const r of stack.resources) {
                for (const [path, url] of postgresUrls(r.props, "")) {
                    const mode = sslmodeOf(url);
                    if (!mode || !STRICT_SSLMODES.includes(mode)) {
                        out.push(
                            violation(
                                "D3",
                                r,
                                `${path} holds a Postgres DSN with sslmode=${mode ?? "(none)"}; use sslmode=require or stricter.`,
                            ),
                        );
                    }
                }
            }
            return out;
        },
    },
    {
        id: "D4",
        name: "d4-msk-tls-iam-private",
        description:
            "MSK: TLS client-broker and in-cluster; customer KMS key at rest; no public access; IAM or SCRAM client auth, never unauthenticated; broker logs on.",
        enforcement: "mandatory",
        check(stack) {
            const out: Violation[] = [];
            for (const c of stack.ofClass(aws.msk.Cluster)) {
                const transit = c.props.encryptionInfo?.encryptionInTransit ?? {};
                if (transit.clientBroker !== undefined && transit.clientBroker !== "TLS")
                    out.push(violation("D4", c, `clientBroker is ${transit.clientBroker}; use TLS only.`));
                if (isFalse(transit.inCluster)) out.push(violation("D4", c, "in-cluster traffic is not encrypted; set inCluster: true."));
                if (!c.props.encryptionInfo?.encryptionAtRestKmsKeyArn)
                    out.push(
                        violation("D4", c, "encrypts at rest with the AWS-managed key; set encryptionAtRestKmsKeyArn to the layer's key."),
                    );
                const access = c.props.brokerNodeGroupInfo?.connectivityInfo?.publicAccess?.type;
                if (access !== undefined && access !== "DISABLED")
                    out.push(violation("D4", c, `public access is ${access}; keep brokers private.`));
                const auth = c.props.clientAuthentication ?? {};
                if (!isTrue(auth.sasl?.iam) && !isTrue(auth.sasl?.scram))
                    out.push(violation("D4", c, "has neither IAM nor SCRAM client authentication; enable sasl.iam."));
                if (isTrue(auth.unauthenticated))
                    out.push(violation("D4", c, "allows unauthenticated clients; set unauthenticated: false."));
                const logs = c.props.loggingInfo?.brokerLogs ?? {};
                if (![logs.cloudwatchLogs, logs.s3, logs.firehose].some((l) => isTrue(l?.enabled)))
                    out.push(violation("D4", c, "broker logs are off; send them to CloudWatch Logs."));
            }
            return out;
        },
    },
    {
        id: "D5",
        name: "d5-opensearch-vpc-tls-fgac",
        description:
            "OpenSearch: in the VPC; encrypted at rest and node to node; HTTPS only with a TLS 1.2+ policy; fine-grained access control; no open access policy; zone awareness outside dev.",
        enforcement: "mandatory",
        check(stack) {
            const out: Violation[] = [];
            const openPolicy = (doc: unknown) => {
                if (typeof doc !== "string") return false;
                try {
                    const parsed: { Statement?: PolicyStatement | PolicyStatement[] } = JSON.parse(doc);
                    return asArray(parsed.Statement).some(
                        (s) =>
                            s.Effect === "Allow" &&
                            !s.Condition &&
                            (s.Principal === "*" || asArray(typeof s.Principal === "object" ? s.Principal?.AWS : undefined).includes("*")),
                    );
                } catch {
                    return false;
                }
            };
            for (const d of stack.ofClass(aws.opensearch.Domain)) {
                if (asArray(d.props.vpcOptions?.subnetIds).length === 0)
                    out.push(violation("D5", d, "has a public endpoint; place it in the private subnets with vpcOptions."));
                if (!isTrue(d.props.encryptAtRest?.enabled)) out.push(violation("D5", d, "is not encrypted at rest."));
                if (!isTrue(d.props.nodeToNodeEncryption?.enabled)) out.push(violation("D5", d, "has no node-to-node encryption."));
                const endpoint = d.props.domainEndpointOptions ?? {};
                if (isFalse(endpoint.enforceHttps)) out.push(violation("D5", d, "accepts plain HTTP; set enforceHttps: true."));
                if (!TLS12_POLICY.test(String(endpoint.tlsSecurityPolicy ?? ""))) {
                    out.push(
                        violation(
                            "D5",
                            d,
                            `TLS policy ${endpoint.tlsSecurityPolicy ?? "(default, allows TLS 1.0)"} is below TLS 1.2; use Policy-Min-TLS-1-2-PFS-2023-10.`,
                        ),
                    );
                }
                if (!isTrue(d.props.advancedSecurityOptions?.enabled)) out.push(violation("D5", d, "has no fine-grained access control."));
                if (openPolicy(d.props.accessPolicies))
                    out.push(violation("D5", d, "access policy admits any principal; name the roles that need the domain."));
                if (stack.tier !== "dev" && !isTrue(d.props.clusterConfig?.zoneAwarenessEnabled))
                    out.push(violation("D5", d, `has no zone awareness in ${stack.tier}; spread nodes over 2-3 AZs.`));
            }
            for (const p of stack.ofClass(aws.opensearch.DomainPolicy)) {
                if (openPolicy(p.props.accessPolicies))
                    out.push(violation("D5", p, "access policy admits any principal; name the roles that need the domain."));
            }
            return out;
        },
    },
    {
        id: "D6",
        name: "d6-stateful-protected",
        description: "Stateful resources (RDS, MSK, OpenSearch, KMS keys, hosted zones, the EKS cluster) carry `protect` outside dev.",
        enforcement: "mandatory",
        check(stack) {
            if (stack.tier === "dev") return [];
            return stack
                .ofClass(...STATEFUL_CLASSES)
                .filter((r) => !r.protect)
                .map((r) =>
                    violation(
                        "D6",
                        r,
                        `${r.type} is not protected in ${stack.tier}; declare it with { protect: true } so a stray destroy or replacement stops.`,
                    ),
                );
        },
    },
];
