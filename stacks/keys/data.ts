import { z } from "zod";
import { MSK_BROKER_TYPES, MSK_KAFKA_VERSIONS } from "../aws/data-stores";
import { TIER_TABLE, byTier, derived, flag, group, setting, text, wholeNumber } from "./define";

/** The keys of platform:database (Hydra's Postgres), platform:kafka (MSK) and platform:search (OpenSearch). */

export const database = group("Hydra's Postgres (RDS)", {
    engineVersion: setting(
        text("Use a Postgres version such as 17.6."),
        "Postgres version with an RDS parameter-group family.",
        byTier("17.6"),
    ),
    instanceClass: setting(
        text("Use an RDS class such as db.t4g.medium.").regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, {
            error: "is not an RDS instance class. Use a class such as db.t4g.medium.",
        }),
        "RDS instance class.",
        byTier("db.t4g.micro", "db.t4g.medium"),
    ),
    allocatedStorageGb: setting(wholeNumber(20, 65536), "Storage allocated at creation, in GiB.", byTier(20, 50)),
    maxAllocatedStorageGb: setting(
        wholeNumber(20, 65536),
        "Ceiling storage autoscaling may grow to, in GiB (at least allocatedStorageGb).",
        byTier(50, 200),
    ),
    multiAz: setting(flag, "A standby in a second AZ.", byTier(false, true)),
    backupRetentionDays: setting(wholeNumber(1, 35), "Days of automated backups.", byTier(7, 14, 30)),
    deletionProtection: setting(flag, "RDS refuses to delete the instance.", byTier(false, true)),
});

export const kafka = group("MSK", {
    kafkaVersion: setting(
        z.enum(MSK_KAFKA_VERSIONS, {
            error: `is not a Kafka version MSK offers. Use one of ${MSK_KAFKA_VERSIONS.join(", ")} (3.9.x.kraft: no ZooKeeper to pay for).`,
        }),
        "Kafka version MSK offers (3.9.x.kraft: no ZooKeeper to pay for).",
        byTier<(typeof MSK_KAFKA_VERSIONS)[number]>("3.9.x.kraft"),
    ),
    brokerCount: derived(
        wholeNumber(1, 30),
        "Brokers, a multiple of the AZ count (MSK spreads them evenly).",
        `${TIER_TABLE.brokersPerAz.dev} per AZ`,
    ),
    instanceType: setting(
        z.enum(MSK_BROKER_TYPES, {
            error: `is not an MSK Standard broker type. Use one of ${MSK_BROKER_TYPES.join(", ")} (dev's fallback when kafka.t3.small is refused: kafka.m7g.large).`,
        }),
        "MSK Standard broker type.",
        byTier<(typeof MSK_BROKER_TYPES)[number]>("kafka.t3.small", "kafka.m5.large"),
    ),
    volumeSizeGb: setting(wholeNumber(1, 16384), "EBS volume per broker, in GiB.", byTier(10, 100)),
});

export const search = group("OpenSearch", {
    engineVersion: setting(
        text("Use an engine such as OpenSearch_2.19.").regex(/^OpenSearch_\d+\.\d+$/, {
            error: "is not an OpenSearch engine version. Use a version such as OpenSearch_2.19.",
        }),
        "OpenSearch engine version.",
        byTier("OpenSearch_2.19"),
    ),
    instanceType: setting(
        text("Use an instance type such as m6g.large.search.").regex(/\.search$/, {
            error: "is not an OpenSearch instance type. Use a type ending in .search, such as m6g.large.search.",
        }),
        "Data node instance type (its EBS limit caps volumeSizeGb).",
        byTier("t3.small.search", "m6g.large.search"),
    ),
    instanceCount: setting(wholeNumber(1, 80), "Data nodes, a multiple of zoneCount.", byTier(1, 3), {
        derived: "the tier's count rounded up to a multiple of zoneCount",
    }),
    zoneCount: setting(wholeNumber(1, 3), "Zones the nodes are spread over; 1 turns zone awareness off.", byTier(1, 3), {
        derived: "at most the AZ count",
    }),
    volumeSizeGb: setting(wholeNumber(10, 16384), "EBS volume per data node, in GiB.", byTier(10, 50)),
});
