import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { Database, databaseOptions, finalSnapshotPrefix, postgresVersion } from "../components/data";
import { TIER_DEFAULTS } from "../stacks/tiers";
import type { Tier } from "../stacks/types";
import { mockHost, mockSecret } from "../offline/engine/fakes";
import { runComponent } from "../offline/engine/program";
import { type Registry, isSecretInput } from "../offline/engine/registry";

const SUBNETS = ["subnet-mock-private-0", "subnet-mock-private-1", "subnet-mock-private-2"];
const KEY = "arn:aws:kms:us-east-1:000000000000:key/mock-rds";
const T = {
    db: "aws:rds/instance:Instance",
    params: "aws:rds/parameterGroup:ParameterGroup",
    subnets: "aws:rds/subnetGroup:SubnetGroup",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    password: "random:index/randomPassword:RandomPassword",
    snapshotId: "random:index/randomId:RandomId",
};

function declare(tier: Tier): Promise<Registry> {
    return runComponent(() => {
        const db = new Database("db", {
            vpcId: "vpc-mock-n-vpc",
            subnetIds: pulumi.output(SUBNETS),
            clientSecurityGroupIds: [pulumi.output("sg-mock-cluster"), "sg-mock-nodes"],
            kmsKeyArn: KEY,
            settings: TIER_DEFAULTS[tier].database,
            protect: TIER_DEFAULTS[tier].protect,
        });
        return { address: db.address, port: db.port, dsn: db.dsn, identifier: db.identifier, securityGroupId: db.securityGroupId };
    });
}

describe("data: Database", () => {
    let dev: Registry;
    let staging: Registry;
    before(async () => {
        dev = await declare("dev");
        staging = await declare("staging");
    });

    it("declares one instance, its groups, a password and one ingress rule per client, all children of the component", () => {
        const counts = dev.countByType();
        assert.deepStrictEqual(
            [T.db, T.params, T.subnets, T.sg, T.ingress, T.password, T.snapshotId].map((t) => counts[t] ?? 0),
            [1, 1, 1, 1, 2, 1, 0],
        );
        const component = dev.one("platform:data:Database", "db");
        assert.strictEqual(dev.descendantsOf(component).length, 7);
    });

    it("encrypts gp3 storage with the layer's key, autoscales it and keeps the instance private", () => {
        const db = dev.one(T.db).inputs;
        assert.strictEqual(db.engine, "postgres");
        assert.strictEqual(db.engineVersion, "17.6");
        assert.strictEqual(db.storageEncrypted, true);
        assert.strictEqual(db.kmsKeyId, KEY);
        assert.strictEqual(db.storageType, "gp3");
        assert.deepStrictEqual([db.allocatedStorage, db.maxAllocatedStorage], [20, 50]);
        assert.strictEqual(db.publiclyAccessible, false);
        assert.deepStrictEqual([db.dbName, db.username, db.port], ["hydra", "hydra", 5432]);
        assert.strictEqual(db.iamDatabaseAuthenticationEnabled, false);
        assert.strictEqual(db.copyTagsToSnapshot, true);
        // 17.6 pins a minor: automatic minor upgrades would drift from it.
        assert.strictEqual(db.autoMinorVersionUpgrade, false);
    });

    it("places the instance in a subnet group of the private subnets and a parameter group forcing TLS", () => {
        const db = dev.one(T.db).inputs;
        const subnets = dev.one(T.subnets);
        const params = dev.one(T.params);
        assert.deepStrictEqual(subnets.inputs.subnetIds, SUBNETS);
        assert.strictEqual(db.dbSubnetGroupName, subnets.outputs.name);
        assert.strictEqual(db.parameterGroupName, params.outputs.name);
        assert.strictEqual(params.inputs.family, "postgres17");
        assert.deepStrictEqual(
            params.inputs.parameters.find((p: any) => p.name === "rds.force_ssl"),
            { name: "rds.force_ssl", value: "1" },
        );
    });

    it("opens 5432 only from each client security group, through separate rules on its own group", () => {
        const sg = dev.one(T.sg);
        assert.strictEqual(sg.inputs.ingress, undefined);
        assert.strictEqual(sg.inputs.egress, undefined);
        assert.deepStrictEqual(dev.one(T.db).inputs.vpcSecurityGroupIds, [sg.id]);
        const rules = dev.ofType(T.ingress).map((r) => r.inputs);
        assert.deepStrictEqual(rules.map((r) => r.referencedSecurityGroupId).sort(), ["sg-mock-cluster", "sg-mock-nodes"]);
        for (const r of rules) {
            assert.deepStrictEqual(
                [r.securityGroupId, r.ipProtocol, r.fromPort, r.toPort, r.cidrIpv4],
                [sg.id, "tcp", 5432, 5432, undefined],
            );
        }
    });

    it("builds a secret DSN with sslmode=require from the generated password, and passes the password as a secret", () => {
        const password = dev.one(T.password);
        assert.deepStrictEqual([password.inputs.length, password.inputs.special], [32, false]);
        assert.ok(isSecretInput(dev.one(T.db), "password"));
        const host = mockHost("mock-db-postgres", "rds");
        assert.deepStrictEqual(dev.outputs.dsn, {
            value: `postgres://hydra:${mockSecret("db-password", 32)}@${host}:5432/hydra?sslmode=require`,
            secret: true,
        });
        assert.deepStrictEqual(dev.outputs.address, { value: host, secret: false });
        assert.strictEqual(dev.outputs.port.value, 5432);
        assert.strictEqual(dev.outputs.identifier.value, "mock-db-postgres");
        assert.strictEqual(dev.outputs.securityGroupId.value, dev.one(T.sg).id);
    });

    it("dev: single-AZ, deletable without a snapshot, unprotected", () => {
        const db = dev.one(T.db);
        assert.deepStrictEqual(
            [
                db.inputs.multiAz,
                db.inputs.deletionProtection,
                db.inputs.skipFinalSnapshot,
                db.inputs.finalSnapshotIdentifier,
                db.protect,
                db.inputs.backupRetentionPeriod,
            ],
            [false, false, true, undefined, false, 7],
        );
        assert.strictEqual(db.inputs.performanceInsightsEnabled, false);
    });

    it("staging: Multi-AZ, deletion protection, a unique final snapshot, protect, Performance Insights with the key", () => {
        const db = staging.one(T.db);
        assert.deepStrictEqual(
            [db.inputs.multiAz, db.inputs.deletionProtection, db.inputs.skipFinalSnapshot, db.inputs.finalSnapshotIdentifier, db.protect],
            [true, true, false, "db-final-0badf00d", true],
        );
        assert.deepStrictEqual(
            [db.inputs.backupRetentionPeriod, db.inputs.instanceClass, db.inputs.deleteAutomatedBackups],
            [14, "db.t4g.medium", false],
        );
        assert.deepStrictEqual(
            [db.inputs.performanceInsightsEnabled, db.inputs.performanceInsightsKmsKeyId, db.inputs.performanceInsightsRetentionPeriod],
            [true, KEY, 7],
        );
        assert.strictEqual(staging.ofType(T.snapshotId).length, 1);
    });
});

describe("data: databaseOptions", () => {
    const rows: [string, boolean, boolean, Partial<ReturnType<typeof databaseOptions>>][] = [
        [
            "unprotected",
            false,
            false,
            { protect: false, deletionProtection: false, skipFinalSnapshot: true, deleteAutomatedBackups: true, applyImmediately: true },
        ],
        ["unprotected, deletion protection asked", false, true, { protect: false, deletionProtection: true, skipFinalSnapshot: true }],
        [
            "protected, deletion protection off in config",
            true,
            false,
            { protect: true, deletionProtection: true, skipFinalSnapshot: false, deleteAutomatedBackups: false, applyImmediately: false },
        ],
        ["protected", true, true, { protect: true, deletionProtection: true, skipFinalSnapshot: false, performanceInsights: true }],
    ];
    for (const [label, protect, deletionProtection, expected] of rows) {
        it(label, () => {
            const got = databaseOptions({ protect, settings: { deletionProtection } });
            for (const [key, value] of Object.entries(expected)) assert.strictEqual(got[key as keyof typeof got], value, key);
        });
    }
});

describe("data: postgresVersion and finalSnapshotPrefix", () => {
    it("reads family and minor-upgrade policy from the version", () => {
        assert.deepStrictEqual(postgresVersion("17"), { major: "17", family: "postgres17", autoMinorVersionUpgrade: true });
        assert.deepStrictEqual(postgresVersion("16.4"), { major: "16", family: "postgres16", autoMinorVersionUpgrade: false });
    });
    for (const bad of ["17.x", "postgres17", "", "17.6.1"]) {
        it(`rejects "${bad}"`, () => {
            assert.throws(() => postgresVersion(bad), {
                message: `Database: engineVersion "${bad}" is not a Postgres version. Use a major such as 17 (AWS applies minor upgrades) or a minor such as 17.6.`,
            });
        });
    }
    it("makes snapshot names RDS accepts", () => {
        assert.strictEqual(finalSnapshotPrefix("dev-database"), "dev-database-final");
        assert.strictEqual(finalSnapshotPrefix("1st__DB--x"), "db-1st-db-x-final");
    });
});
