import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import {
    type AlbSection,
    type DatabaseSection,
    type KafkaSection,
    type MonitoredSections,
    type SearchSection,
    type VpnScheduleSection,
    brokerIds,
} from "./sections";

// Thresholds: alarms are for losing data or traffic, not for tuning.
/** RDS: alarm when less than this fraction of the allocated storage is free (storage autoscaling acts at 10% too). */
export const RDS_FREE_STORAGE_FRACTION = 0.1;
/** MSK: a broker whose data-log disk fills stops accepting writes. */
export const KAFKA_DISK_USED_PERCENT = 80;
/** ALB: share of requests answered with a 5xx, by the targets or the ALB itself. */
export const ALB_5XX_PERCENT = 5;
/** ALB: below this many requests a minute the 5xx share is noise (2 errors out of 3 requests is not an outage). */
export const ALB_5XX_MIN_REQUESTS = 20;

export type AlarmArgs = Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions" | "insufficientDataActions">;

/** One alarm to declare: `role` becomes part of its resource name. Actions are added by the component. */
export interface AlarmSpec {
    role: string;
    args: AlarmArgs;
}

export const rdsFreeStorageThresholdBytes = (allocatedStorageGb: number) =>
    Math.floor(allocatedStorageGb * 1024 ** 3 * RDS_FREE_STORAGE_FRACTION);

export function databaseAlarms(db: DatabaseSection): AlarmSpec[] {
    return [
        {
            role: "rds-free-storage",
            args: {
                alarmDescription: `RDS free storage below ${RDS_FREE_STORAGE_FRACTION * 100}% of ${db.allocatedStorageGb} GB: writes fail when it reaches 0. Raise allocatedStorageGb / maxAllocatedStorageGb.`,
                namespace: "AWS/RDS",
                metricName: "FreeStorageSpace",
                dimensions: { DBInstanceIdentifier: db.identifier },
                statistic: "Minimum",
                period: 300,
                evaluationPeriods: 1,
                comparisonOperator: "LessThanThreshold",
                threshold: rdsFreeStorageThresholdBytes(db.allocatedStorageGb),
                // A gap (reboot, maintenance) says nothing about disk space: keep the last state.
                treatMissingData: "missing",
            },
        },
    ];
}

export function searchAlarms(s: SearchSection): AlarmSpec[] {
    return [
        {
            role: "opensearch-red",
            args: {
                alarmDescription:
                    "OpenSearch cluster status red: at least one primary shard is unassigned, its data is unavailable and writes to it fail.",
                namespace: "AWS/ES",
                metricName: "ClusterStatus.red",
                dimensions: { DomainName: s.domainName, ClientId: s.accountId },
                statistic: "Maximum",
                period: 60,
                evaluationPeriods: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                threshold: 1,
                // The domain reports its status every minute; silence means it cannot say it is healthy.
                treatMissingData: "breaching",
            },
        },
    ];
}

export function kafkaAlarms(k: KafkaSection): AlarmSpec[] {
    // One alarm per broker: MSK's free (DEFAULT level) disk metric is per broker, and the alarm then names it.
    return brokerIds(k.brokerCount).map((id) => ({
        role: `kafka-disk-broker-${id}`,
        args: {
            alarmDescription: `MSK broker ${id}: data-log disk above ${KAFKA_DISK_USED_PERCENT}%; a full disk stops the broker. Raise volumeSizeGb or shorten retention.`,
            namespace: "AWS/Kafka",
            metricName: "KafkaDataLogsDiskUsed",
            dimensions: { "Cluster Name": k.clusterName, "Broker ID": id },
            statistic: "Maximum",
            period: 300,
            evaluationPeriods: 1,
            comparisonOperator: "GreaterThanThreshold",
            threshold: KAFKA_DISK_USED_PERCENT,
            // Brokers restart one at a time during patching: a gap is not a full disk.
            treatMissingData: "missing",
        },
    }));
}

export function albAlarms(alb: AlbSection): AlarmSpec[] {
    const metric = (metricName: string, dimensions: Record<string, pulumi.Input<string>>) => ({
        namespace: "AWS/ApplicationELB",
        metricName,
        dimensions,
        period: 60,
        stat: "Sum",
    });
    const lb = { LoadBalancer: alb.arnSuffix };
    const tg = { TargetGroup: alb.targetGroupArnSuffix, LoadBalancer: alb.arnSuffix };
    return [
        {
            role: "alb-5xx-rate",
            args: {
                alarmDescription: `More than ${ALB_5XX_PERCENT}% of requests answered with 5xx (targets or ALB) for 3 of 5 minutes.`,
                metricQueries: [
                    { id: "target5xx", metric: metric("HTTPCode_Target_5XX_Count", lb), returnData: false },
                    { id: "elb5xx", metric: metric("HTTPCode_ELB_5XX_Count", lb), returnData: false },
                    { id: "requests", metric: metric("RequestCount", lb), returnData: false },
                    {
                        id: "rate",
                        label: "5xx %",
                        expression: `IF(requests >= ${ALB_5XX_MIN_REQUESTS}, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)`,
                        returnData: true,
                    },
                ],
                evaluationPeriods: 5,
                datapointsToAlarm: 3,
                comparisonOperator: "GreaterThanThreshold",
                threshold: ALB_5XX_PERCENT,
                // The ALB publishes no request or error counts in a minute without traffic: no traffic, no errors.
                treatMissingData: "notBreaching",
            },
        },
        {
            role: "alb-unhealthy-hosts",
            args: {
                alarmDescription: "ALB targets failing health checks for 5 minutes: capacity is down and the next failure drops traffic.",
                namespace: "AWS/ApplicationELB",
                metricName: "UnHealthyHostCount",
                dimensions: tg,
                statistic: "Maximum",
                period: 60,
                evaluationPeriods: 5,
                datapointsToAlarm: 5,
                comparisonOperator: "GreaterThanThreshold",
                threshold: 0,
                treatMissingData: "notBreaching",
            },
        },
        {
            role: "alb-no-healthy-hosts",
            args: {
                alarmDescription: "No healthy ALB target: every request to the environment fails.",
                namespace: "AWS/ApplicationELB",
                metricName: "HealthyHostCount",
                dimensions: tg,
                statistic: "Minimum",
                period: 60,
                evaluationPeriods: 2,
                datapointsToAlarm: 2,
                comparisonOperator: "LessThanThreshold",
                threshold: 1,
                // The count is published every minute while the target group serves the ALB; silence is an outage.
                treatMissingData: "breaching",
            },
        },
    ];
}

/** Every alarm for the sections present, in a stable order. */
export function vpnScheduleAlarms(v: VpnScheduleSection): AlarmSpec[] {
    const once = {
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: 1,
        treatMissingData: "notBreaching",
    } as const;
    return [
        {
            role: "vpn-release-failed",
            args: {
                ...once,
                alarmDescription:
                    "The Client VPN release workflow failed: the association stays billed ($0.10/h) until released. Run `pulumi stack output vpnReleaseNow` and read the execution in Step Functions.",
                namespace: "AWS/States",
                metricName: "ExecutionsFailed",
                dimensions: { StateMachineArn: v.releaseStateMachineArn },
            },
        },
        {
            role: "vpn-schedule-dropped",
            args: {
                ...once,
                alarmDescription:
                    "EventBridge Scheduler gave up on a Client VPN start or release after its retries: the VPN was not associated, or stays associated and billed. See docs/vpn.md.",
                namespace: "AWS/Scheduler",
                metricName: "InvocationDroppedCount",
                dimensions: { ScheduleGroup: v.scheduleGroupName },
            },
        },
    ];
}

export function alarmSpecs(s: MonitoredSections): AlarmSpec[] {
    return [
        ...(s.alb ? albAlarms(s.alb) : []),
        ...(s.database ? databaseAlarms(s.database) : []),
        ...(s.kafka ? kafkaAlarms(s.kafka) : []),
        ...(s.search ? searchAlarms(s.search) : []),
        ...(s.vpnSchedule ? vpnScheduleAlarms(s.vpnSchedule) : []),
    ];
}
