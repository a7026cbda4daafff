import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { POSTGRES_FAMILIES } from "../../stacks/aws/data-stores";
import { argProblem, postgresVersion as checkPostgresVersion, throwIfProblems } from "../../stacks/predicates";
import type { DatabaseConfig } from "../../stacks/types";
import { clientOnlySecurityGroup } from "./security-group";

export const POSTGRES_PORT = 5432;
/** Database and user Hydra connects as. */
export const HYDRA_DATABASE = "hydra";
/** Free Performance Insights tier (Database Insights standard): 7 days. */
const PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;

/** Arguments of {@link Database}. */
export interface DatabaseArgs {
    /** VPC of the instance's security group. */
    vpcId: pulumi.Input<string>;
    /** Private subnets (one per AZ) for the DB subnet group. */
    subnetIds: pulumi.Input<string[]>;
    /** Security groups allowed to reach 5432, e.g. [the EKS cluster security group]. Empty: nothing can connect. */
    clientSecurityGroupIds: pulumi.Input<string>[];
    /** Customer-managed key for storage and Performance Insights (a KmsKey of purpose "rds"). */
    kmsKeyArn: pulumi.Input<string>;
    /** The database layer of the stack's config, already validated by stacks/. */
    settings: DatabaseConfig;
    /** Outside dev: `protect`, deletion protection, a final snapshot, backups kept after deletion. */
    protect: boolean;
}

/** Settings of the instance that follow from the tier rather than from its size; plain so tests can see them. */
export interface DatabaseOptions {
    /** The `protect` resource option of the instance. */
    protect: boolean;
    deletionProtection: boolean;
    skipFinalSnapshot: boolean;
    /** false keeps automated backups after the instance is deleted: the last way back from a mistaken destroy. */
    deleteAutomatedBackups: boolean;
    /** dev applies changes at once; staging/prod wait for the maintenance window. */
    applyImmediately: boolean;
    performanceInsights: boolean;
}

/**
 * `protect` (the stack's tier flag) implies deletion protection and a final snapshot, whatever the database layer
 * says; `settings.deletionProtection` can add deletion protection to an unprotected stack, never remove it.
 * Performance Insights only outside dev: the micro classes dev uses gain little from it.
 */
export function databaseOptions(input: { protect: boolean; settings: Pick<DatabaseConfig, "deletionProtection"> }): DatabaseOptions {
    const { protect } = input;
    return {
        protect,
        deletionProtection: protect || input.settings.deletionProtection,
        skipFinalSnapshot: !protect,
        deleteAutomatedBackups: !protect,
        applyImmediately: !protect,
        performanceInsights: protect,
    };
}

/** What an engine version string means for the instance. */
export interface PostgresVersion {
    major: string;
    /** Parameter group family, e.g. postgres17. */
    family: string;
    /**
     * On only for a major-only version ("17"). A pinned minor ("17.6") with automatic upgrades drifts: once RDS moves
     * to 17.7 every `pulumi up` tries, and fails, to go back to 17.6. A pinned minor is upgraded by editing config.
     */
    autoMinorVersionUpgrade: boolean;
}

export function postgresVersion(engineVersion: string): PostgresVersion {
    throwIfProblems("Database", [argProblem("engineVersion", engineVersion, checkPostgresVersion(engineVersion))]);
    const [major, minor] = engineVersion.split(".");
    return { major, family: POSTGRES_FAMILIES[major], autoMinorVersionUpgrade: minor === undefined };
}

/** A final snapshot name RDS accepts: letters, digits, single hyphens, starting with a letter. */
export function finalSnapshotPrefix(name: string): string {
    const cleaned = name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
    return `${/^[a-z]/.test(cleaned) ? cleaned : `db-${cleaned}`}-final`;
}

/**
 * Hydra's PostgreSQL: one RDS instance in the private subnets, encrypted with the layer's key, TLS enforced by its
 * parameter group (D3), reachable on 5432 only from the client security groups (D1). The password comes from
 * RandomPassword without special characters, so the DSN needs no URL-encoding.
 */
export class Database extends pulumi.ComponentResource {
    public readonly address: pulumi.Output<string>;
    public readonly port: pulumi.Output<number>;
    /** postgres://hydra:...@host:5432/hydra?sslmode=require (secret). */
    public readonly dsn: pulumi.Output<string>;
    /** RDS instance identifier, for dashboards and alarms (DBInstanceIdentifier dimension). */
    public readonly identifier: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;

    constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:Database", name, {}, opts);
        const child = { parent: this };
        const settings = args.settings;
        const version = postgresVersion(settings.engineVersion);
        const options = databaseOptions({ protect: args.protect, settings });

        const password = new random.RandomPassword(`${name}-password`, { length: 32, special: false }, child);
        const sg = clientOnlySecurityGroup(this, `${name}-postgres`, {
            vpcId: args.vpcId,
            port: POSTGRES_PORT,
            clientSecurityGroupIds: args.clientSecurityGroupIds,
            service: "PostgreSQL",
        });
        const subnets = new aws.rds.SubnetGroup(
            `${name}-subnets`,
            {
                subnetIds: args.subnetIds,
                description: `${name}: private subnets`,
            },
            child,
        );
        // Auto-named, so a major upgrade (new family) creates the new group before the old one is deleted.
        const params = new aws.rds.ParameterGroup(
            `${name}-params`,
            {
                family: version.family,
                description: `${name}: TLS only`,
                parameters: [
                    { name: "rds.force_ssl", value: "1" },
                    { name: "ssl_min_protocol_version", value: "TLSv1.2" },
                ],
            },
            child,
        );
        // A fixed name would make a second destroy-and-recreate fail on the first one's snapshot.
        let finalSnapshotIdentifier: pulumi.Output<string> | undefined;
        if (!options.skipFinalSnapshot) {
            const suffix = new random.RandomId(`${name}-final-snapshot`, { byteLength: 4 }, child);
            finalSnapshotIdentifier = pulumi.interpolate`${finalSnapshotPrefix(name)}-${suffix.hex}`;
        }

        const instance = new aws.rds.Instance(
            `${name}-postgres`,
            {
                engine: "postgres",
                engineVersion: settings.engineVersion,
                autoMinorVersionUpgrade: version.autoMinorVersionUpgrade,
                allowMajorVersionUpgrade: false,
                // Extended support costs extra per vCPU-hour; past standard support an upgrade is the answer.
                engineLifecycleSupport: "open-source-rds-extended-support-disabled",
                instanceClass: settings.instanceClass,
                storageType: "gp3",
                allocatedStorage: settings.allocatedStorageGb,
                maxAllocatedStorage: settings.maxAllocatedStorageGb,
                storageEncrypted: true,
                kmsKeyId: args.kmsKeyArn,
                dbName: HYDRA_DATABASE,
                username: HYDRA_DATABASE,
                password: pulumi.secret(password.result),
                port: POSTGRES_PORT,
                dbSubnetGroupName: subnets.name,
                parameterGroupName: params.name,
                vpcSecurityGroupIds: [sg.id],
                publiclyAccessible: false,
                multiAz: settings.multiAz,
                backupRetentionPeriod: settings.backupRetentionDays,
                copyTagsToSnapshot: true,
                deletionProtection: options.deletionProtection,
                skipFinalSnapshot: options.skipFinalSnapshot,
                finalSnapshotIdentifier,
                deleteAutomatedBackups: options.deleteAutomatedBackups,
                applyImmediately: options.applyImmediately,
                // Hydra holds one static DSN; IAM tokens expire every 15 minutes and Hydra cannot refresh them.
                iamDatabaseAuthenticationEnabled: false,
                performanceInsightsEnabled: options.performanceInsights,
                performanceInsightsKmsKeyId: options.performanceInsights ? args.kmsKeyArn : undefined,
                performanceInsightsRetentionPeriod: options.performanceInsights ? PERFORMANCE_INSIGHTS_RETENTION_DAYS : undefined,
                // Enhanced monitoring stays off: it needs its own IAM role and bills CloudWatch Logs ingestion, and
                // Performance Insights plus the default CloudWatch metrics cover what the alarms use.
                monitoringInterval: 0,
            },
            { parent: this, protect: options.protect },
        );

        this.address = instance.address;
        this.port = instance.port;
        this.identifier = instance.identifier;
        this.securityGroupId = sg.id;
        this.dsn = pulumi.secret(
            pulumi.interpolate`postgres://${HYDRA_DATABASE}:${password.result}@${instance.address}:${POSTGRES_PORT}/${HYDRA_DATABASE}?sslmode=require`,
        );
        this.registerOutputs({
            address: this.address,
            port: this.port,
            dsn: this.dsn,
            identifier: this.identifier,
            securityGroupId: this.securityGroupId,
        });
    }
}
