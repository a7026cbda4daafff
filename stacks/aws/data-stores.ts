/**
 * Fixed sets AWS accepts for the data stores and logs. A value outside them passes every offline check and fails at
 * deploy time, after the rest of the stack is built; a new value is a line here.
 */

/** CloudWatch Logs retention values (PutRetentionPolicy API reference, `retentionInDays`, read 2026-12-01). */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** The accepted retention closest to `days`, rounding up so nothing is kept shorter than asked. */
export function nearestRetention(days: number): number {
    return LOG_RETENTION_DAYS.find((d) => d >= days) ?? 3653;
}

/**
 * RDS for PostgreSQL majors and their DB parameter group family (RDS User Guide, "Supported PostgreSQL versions" and
 * `aws rds describe-db-engine-versions --engine postgres --query 'DBEngineVersions[].DBParameterGroupFamily'`,
 * read 2026-12-01). Majors past RDS standard support are left out: they bill extended support.
 */
export const POSTGRES_FAMILIES: Readonly<Record<string, string>> = {
    "14": "postgres14",
    "15": "postgres15",
    "16": "postgres16",
    "17": "postgres17",
    "18": "postgres18",
};

/**
 * MSK provisioned Kafka versions in standard support (Amazon MSK Developer Guide, "Supported Apache Kafka versions",
 * read 2026-12-01). KRaft versions end in `.kraft`; `.x` versions take patch upgrades automatically.
 */
export const MSK_KAFKA_VERSIONS = ["3.6.0", "3.7.x", "3.7.x.kraft", "3.8.x", "3.9.x", "3.9.x.kraft", "4.0.x.kraft", "4.1.x.kraft"] as const;

/**
 * MSK Standard broker types (Amazon MSK Developer Guide, "Amazon MSK broker types": T3, M5, M7g), checked 2026-12-01.
 * A new type is one line here (and its price in prices/<region>.json, or `npm run cost` reports it unpriced).
 */
export const MSK_BROKER_TYPES = [
    "kafka.t3.small",
    "kafka.m5.large",
    "kafka.m5.xlarge",
    "kafka.m5.2xlarge",
    "kafka.m5.4xlarge",
    "kafka.m5.8xlarge",
    "kafka.m5.12xlarge",
    "kafka.m5.16xlarge",
    "kafka.m5.24xlarge",
    "kafka.m7g.large",
    "kafka.m7g.xlarge",
    "kafka.m7g.2xlarge",
    "kafka.m7g.4xlarge",
    "kafka.m7g.8xlarge",
    "kafka.m7g.12xlarge",
    "kafka.m7g.16xlarge",
] as const;

/**
 * Largest gp3 EBS volume per OpenSearch data node, in GiB (OpenSearch Service Developer Guide, "Amazon OpenSearch
 * Service quotas", EBS volume size quotas, read 2026-12-01); the minimum is 10 GiB for every type. A type missing here is
 * refused until its row is added.
 */
export const SEARCH_MAX_VOLUME_GB: Readonly<Record<string, number>> = {
    "t3.small.search": 100,
    "t3.medium.search": 200,
    "m5.large.search": 512,
    "m5.xlarge.search": 1024,
    "m5.2xlarge.search": 1536,
    "m5.4xlarge.search": 3072,
    "m6g.large.search": 1024,
    "m6g.xlarge.search": 2048,
    "m6g.2xlarge.search": 3072,
    "m6g.4xlarge.search": 6144,
    "r6g.large.search": 1024,
    "r6g.xlarge.search": 1536,
    "r6g.2xlarge.search": 3072,
    "r6g.4xlarge.search": 6144,
    "c6g.large.search": 256,
    "c6g.xlarge.search": 512,
    "c6g.2xlarge.search": 1024,
};
