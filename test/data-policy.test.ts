import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { Database, Kafka, KmsKey, Search } from "../components/data";
import { keyPolicy } from "../components/data/kms";
import { dataRules } from "../policy/rules/data";
import type { PolicyResource, Tier } from "../policy/types";
import { stackView } from "../policy/view";
import { TIER_DEFAULTS } from "../stacks/tiers";
import { checkPolicies, res } from "../offline/engine/policy";
import { runComponent } from "../offline/engine/program";

const rule = (id: string) => dataRules.find((r) => r.id === id)!;
/** "<urn>: <message>" of each violation of rule `id` over `resources` in `tier`. */
const check = (id: string, resources: PolicyResource[], tier: Tier = "staging") =>
    rule(id)
        .check(stackView(resources, tier))
        .map((v) => `${v.urn}: ${v.message}`);

const RDS = "aws:rds/instance:Instance";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const PG = "aws:rds/parameterGroup:ParameterGroup";
const MSK = "aws:msk/cluster:Cluster";
const OS = "aws:opensearch/domain:Domain";

const goodDb = (extra: Record<string, any> = {}) =>
    res(
        RDS,
        "db",
        {
            storageEncrypted: true,
            publiclyAccessible: false,
            dbSubnetGroupName: "db-subnets",
            vpcSecurityGroupIds: ["sg-db"],
            parameterGroupName: "db-params",
            backupRetentionPeriod: 14,
            multiAz: true,
            deletionProtection: true,
            skipFinalSnapshot: false,
            finalSnapshotIdentifier: "db-final-1",
            ...extra,
        },
        { protect: true },
    );
const dbGroup = res(SG, "db-sg", {}, { id: "sg-db" });
const fromCluster = res(INGRESS, "from-cluster", {
    securityGroupId: "sg-db",
    referencedSecurityGroupId: "sg-cluster",
    ipProtocol: "tcp",
    fromPort: 5432,
    toPort: 5432,
});
const tlsParams = res(PG, "db-params", { family: "postgres17", parameters: [{ name: "rds.force_ssl", value: "1" }] }, { id: "db-params" });

const goodKafka = (extra: Record<string, any> = {}) =>
    res(
        MSK,
        "kafka",
        {
            brokerNodeGroupInfo: { clientSubnets: ["subnet-a", "subnet-b"], connectivityInfo: { publicAccess: { type: "DISABLED" } } },
            encryptionInfo: { encryptionAtRestKmsKeyArn: "arn:key", encryptionInTransit: { clientBroker: "TLS", inCluster: true } },
            clientAuthentication: { sasl: { iam: true }, unauthenticated: false },
            loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: "g" } } },
            ...extra,
        },
        { protect: true },
    );

const goodDomain = (extra: Record<string, any> = {}) =>
    res(
        OS,
        "search",
        {
            vpcOptions: { subnetIds: ["subnet-a", "subnet-b", "subnet-c"] },
            encryptAtRest: { enabled: true, kmsKeyId: "arn:key" },
            nodeToNodeEncryption: { enabled: true },
            domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
            advancedSecurityOptions: { enabled: true, internalUserDatabaseEnabled: false },
            clusterConfig: { zoneAwarenessEnabled: true },
            accessPolicies: JSON.stringify({
                Statement: [{ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::1:role/a"] }, Action: "es:ESHttp*" }],
            }),
            ...extra,
        },
        { protect: true },
    );

describe("data policy rules (policy/rules/data.ts)", () => {
    describe("D1 RDS private and encrypted", () => {
        it("passes an encrypted private instance reached on 5432 from the cluster's group only", () => {
            assert.deepStrictEqual(check("D1", [goodDb(), dbGroup, fromCluster]), []);
        });
        it("fails unencrypted, public, default-subnet, default-group instances", () => {
            assert.deepStrictEqual(check("D1", [res(RDS, "db", { storageEncrypted: false, publiclyAccessible: true })]), [
                `${RDS}::db: storage is not encrypted; set storageEncrypted with the layer's KMS key.`,
                `${RDS}::db: is publicly accessible; set publiclyAccessible: false.`,
                `${RDS}::db: has no DB subnet group, so it lands in the default VPC; give it a subnet group of private subnets.`,
                `${RDS}::db: has no security group of its own, so it gets the VPC's default; give it one that admits 5432 from the cluster only.`,
            ]);
        });
        it("fails CIDR sources and extra ports on the database's group, inline or as rules", () => {
            const cidr = res(INGRESS, "from-vpc", {
                securityGroupId: "sg-db",
                cidrIpv4: "10.0.0.0/16",
                ipProtocol: "tcp",
                fromPort: 5432,
                toPort: 5432,
            });
            const wide = res(INGRESS, "all-ports", {
                securityGroupId: "sg-db",
                referencedSecurityGroupId: "sg-cluster",
                ipProtocol: "tcp",
                fromPort: 0,
                toPort: 65535,
            });
            assert.deepStrictEqual(check("D1", [goodDb(), dbGroup, cidr, wide]), [
                `${INGRESS}::from-vpc: admits 10.0.0.0/16 to the database; admit the cluster's security group instead of CIDRs.`,
                `${INGRESS}::all-ports: opens ports 0-65535 on the database's security group; only 5432 is needed.`,
            ]);
        });
        it("fails a subnet group that includes a public subnet", () => {
            const pub = res("aws:ec2/subnet:Subnet", "public-0", { tags: { "kubernetes.io/role/elb": "1" } }, { id: "subnet-pub" });
            const group = res("aws:rds/subnetGroup:SubnetGroup", "db-subnets", { subnetIds: ["subnet-pub"] }, { id: "db-subnets" });
            assert.deepStrictEqual(check("D1", [goodDb(), dbGroup, pub, group]), [
                `${RDS}::db: subnet group includes public subnet(s) public-0.`,
            ]);
        });
    });

    describe("D2 RDS backups and availability", () => {
        it("passes 14 days of backups, Multi-AZ, deletion protection and a final snapshot in staging", () => {
            assert.deepStrictEqual(check("D2", [goodDb()]), []);
        });
        it("passes a single-AZ, deletable instance with 7 days of backups in dev", () => {
            assert.deepStrictEqual(
                check(
                    "D2",
                    [goodDb({ multiAz: false, deletionProtection: false, skipFinalSnapshot: true, backupRetentionPeriod: 7 })],
                    "dev",
                ),
                [],
            );
        });
        it("fails short backups in any tier, and single-AZ, unprotected, snapshot-less instances outside dev", () => {
            assert.deepStrictEqual(check("D2", [goodDb({ backupRetentionPeriod: 1 })], "dev"), [
                `${RDS}::db: keeps backups 1 day(s); keep at least 7.`,
            ]);
            assert.deepStrictEqual(check("D2", [goodDb({ multiAz: false, deletionProtection: false, skipFinalSnapshot: true })], "prod"), [
                `${RDS}::db: is single-AZ in prod; set multiAz so one AZ failure does not take Hydra down.`,
                `${RDS}::db: has no deletion protection in prod.`,
                `${RDS}::db: would be destroyed without a final snapshot in prod; set skipFinalSnapshot: false and a finalSnapshotIdentifier.`,
            ]);
        });
    });

    describe("D3 Postgres TLS", () => {
        const secret = (dsn: string) => res("kubernetes:core/v1:Secret", "hydra", { stringData: { dsn } });
        it("passes the instance's own force_ssl group (by id) and a DSN with sslmode=require or verify-full", () => {
            assert.deepStrictEqual(
                check("D3", [
                    goodDb(),
                    tlsParams,
                    secret("postgres://hydra:x@db.invalid:5432/hydra?sslmode=require"),
                    res("kubernetes:helm.sh/v3:Release", "app", {
                        values: { env: "DSN=postgresql://u:p@h/db?connect_timeout=5&sslmode=verify-full" },
                    }),
                ]),
                [],
            );
        });
        it("resolves the group by name when ids are unknown (preview)", () => {
            const byName = res(PG, "params", { name: "db-params", parameters: [{ name: "rds.force_ssl", value: 0 }] });
            assert.deepStrictEqual(check("D3", [goodDb(), byName]), [`${PG}::params: parameter group of db does not set rds.force_ssl=1.`]);
        });
        it("fails the default group, an unknown group when the stack has none forcing TLS, and weak DSNs", () => {
            assert.deepStrictEqual(
                check("D3", [
                    goodDb({ parameterGroupName: "default.postgres17" }),
                    goodDb({ parameterGroupName: "elsewhere" }),
                    secret("postgres://hydra:x@db.invalid:5432/hydra"),
                    secret("postgres://hydra:x@db.invalid/hydra?sslmode=prefer"),
                ]),
                [
                    `${RDS}::db: uses the default parameter group, which does not force TLS; give it one with rds.force_ssl=1.`,
                    `${RDS}::db: parameter group elsewhere is not one of this stack's groups with rds.force_ssl=1.`,
                    "kubernetes:core/v1:Secret::hydra: stringData.dsn holds a Postgres DSN with sslmode=(none); use sslmode=require or stricter.",
                    "kubernetes:core/v1:Secret::hydra: stringData.dsn holds a Postgres DSN with sslmode=prefer; use sslmode=require or stricter.",
                ],
            );
        });
    });

    describe("D4 MSK", () => {
        it("passes TLS, a customer key, private brokers, IAM auth and broker logs", () => {
            assert.deepStrictEqual(check("D4", [goodKafka()]), []);
        });
        it("fails plaintext, the AWS-managed key, public access, unauthenticated clients and no logs", () => {
            const bad = goodKafka({
                brokerNodeGroupInfo: { connectivityInfo: { publicAccess: { type: "SERVICE_PROVIDED_EIPS" } } },
                encryptionInfo: { encryptionInTransit: { clientBroker: "TLS_PLAINTEXT", inCluster: false } },
                clientAuthentication: { unauthenticated: true },
                loggingInfo: undefined,
            });
            assert.deepStrictEqual(check("D4", [bad]), [
                `${MSK}::kafka: clientBroker is TLS_PLAINTEXT; use TLS only.`,
                `${MSK}::kafka: in-cluster traffic is not encrypted; set inCluster: true.`,
                `${MSK}::kafka: encrypts at rest with the AWS-managed key; set encryptionAtRestKmsKeyArn to the layer's key.`,
                `${MSK}::kafka: public access is SERVICE_PROVIDED_EIPS; keep brokers private.`,
                `${MSK}::kafka: has neither IAM nor SCRAM client authentication; enable sasl.iam.`,
                `${MSK}::kafka: allows unauthenticated clients; set unauthenticated: false.`,
                `${MSK}::kafka: broker logs are off; send them to CloudWatch Logs.`,
            ]);
        });
    });

    describe("D5 OpenSearch", () => {
        it("passes a VPC domain with encryption, TLS 1.2, FGAC, named principals and zone awareness", () => {
            assert.deepStrictEqual(check("D5", [goodDomain()]), []);
        });
        it("passes a single-zone domain in dev", () => {
            assert.deepStrictEqual(check("D5", [goodDomain({ clusterConfig: { zoneAwarenessEnabled: false } })], "dev"), []);
        });
        it("fails a public, unencrypted, TLS 1.0, open domain without FGAC or zone awareness outside dev", () => {
            const bad = goodDomain({
                vpcOptions: undefined,
                encryptAtRest: { enabled: false },
                nodeToNodeEncryption: undefined,
                domainEndpointOptions: { enforceHttps: false, tlsSecurityPolicy: "Policy-Min-TLS-1-0-2019-07" },
                advancedSecurityOptions: { enabled: false },
                clusterConfig: {},
                accessPolicies: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "es:*" }] }),
            });
            assert.deepStrictEqual(check("D5", [bad], "prod"), [
                `${OS}::search: has a public endpoint; place it in the private subnets with vpcOptions.`,
                `${OS}::search: is not encrypted at rest.`,
                `${OS}::search: has no node-to-node encryption.`,
                `${OS}::search: accepts plain HTTP; set enforceHttps: true.`,
                `${OS}::search: TLS policy Policy-Min-TLS-1-0-2019-07 is below TLS 1.2; use Policy-Min-TLS-1-2-PFS-2023-10.`,
                `${OS}::search: has no fine-grained access control.`,
                `${OS}::search: access policy admits any principal; name the roles that need the domain.`,
                `${OS}::search: has no zone awareness in prod; spread nodes over 2-3 AZs.`,
            ]);
        });
    });

    describe("D6 stateful resources protected", () => {
        const stateful = (protect: boolean) =>
            [
                goodDb(),
                goodKafka(),
                goodDomain(),
                res("aws:kms/key:Key", "key", {}),
                res("aws:route53/zone:Zone", "zone", {}),
                res("eks:index:Cluster", "eks", {}),
                res("aws:eks/cluster:Cluster", "eks-raw", {}),
            ].map((r) => ({ ...r, protect }));
        it("passes protected stateful resources in staging, and unprotected ones in dev", () => {
            assert.deepStrictEqual(check("D6", stateful(true)), []);
            assert.deepStrictEqual(check("D6", stateful(false), "dev"), []);
        });
        it("fails each unprotected stateful resource outside dev, and ignores stateless ones", () => {
            const found = check("D6", [...stateful(false), res(SG, "sg", {})], "prod");
            assert.strictEqual(found.length, 7);
            assert.strictEqual(
                found[3],
                "aws:kms/key:Key::key: aws:kms/key:Key is not protected in prod; declare it with { protect: true } so a stray destroy or replacement stops.",
            );
            assert.ok(found.every((v) => !v.startsWith(SG)));
        });
    });
});

describe("data layer against its own rules", () => {
    for (const tier of ["dev", "staging"] as Tier[]) {
        it(`${tier}: the components the layer declares break no D rule`, async () => {
            const d = TIER_DEFAULTS[tier];
            const reg = await runComponent(() => {
                const subnetIds = pulumi.output(
                    ["subnet-mock-private-0", "subnet-mock-private-1", "subnet-mock-private-2"].slice(0, d.network.azCount),
                );
                const common = {
                    vpcId: "vpc-mock-n-vpc",
                    subnetIds,
                    clientSecurityGroupIds: [pulumi.output("sg-mock-cluster")],
                    protect: d.protect,
                };
                const key = (purpose: string) =>
                    new KmsKey(`key-${purpose}`, { purpose, aliasPrefix: `platform-${tier}`, protect: d.protect, deletionWindowInDays: 7 })
                        .arn;
                const { brokersPerAz, ...kafka } = d.kafka;
                new Database("db", { ...common, kmsKeyArn: key("rds"), settings: d.database });
                new Kafka("kafka", {
                    ...common,
                    kmsKeyArn: key("msk"),
                    settings: { ...kafka, brokerCount: brokersPerAz * d.network.azCount },
                    logRetentionDays: 7,
                });
                new Search("search", {
                    ...common,
                    domainName: `${tier}-search`,
                    kmsKeyArn: key("opensearch"),
                    settings: d.search,
                    logRetentionDays: 7,
                    masterRoleArn: "arn:aws:iam::000000000000:role/admin",
                    accessRoleArns: [],
                });
            });
            const violations = checkPolicies(reg, { tier, rules: dataRules }).flatMap((r) => r.violations);
            assert.deepStrictEqual(violations, []);
            // The parameter group is found by the mock id the instance names, not by the "every group" fallback.
            const view = stackView(
                reg.resources.map((r) => ({ type: r.type, name: r.name, urn: r.key, props: r.inputs, id: r.id, protect: r.protect })),
                tier,
            );
            assert.strictEqual(view.byId(reg.one(RDS).inputs.parameterGroupName)?.type, PG);
        });
    }
});

describe("data: KmsKey policy", () => {
    it("scopes CloudWatch Logs by the log-group encryption context and other services by source account", () => {
        const policy = JSON.parse(keyPolicy("000000000000", ["logs.us-east-1.amazonaws.com", "rds.amazonaws.com"]));
        assert.deepStrictEqual(
            policy.Statement.map((s: any) => [s.Sid, s.Principal, s.Condition]),
            [
                ["AccountAdmin", { AWS: "arn:aws:iam::000000000000:root" }, undefined],
                ["Services", { Service: ["rds.amazonaws.com"] }, { StringEquals: { "aws:SourceAccount": "000000000000" } }],
                [
                    "CloudWatchLogs",
                    { Service: ["logs.us-east-1.amazonaws.com"] },
                    { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:*:000000000000:log-group:*" } },
                ],
            ],
        );
    });
    it("has only the account statement without service principals", () => {
        assert.strictEqual(JSON.parse(keyPolicy("000000000000", [])).Statement.length, 1);
    });
});
