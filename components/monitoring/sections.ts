import type * as pulumi from "@pulumi/pulumi";

/** The RDS instance, from the data layer. */
export interface DatabaseSection {
    /** DBInstanceIdentifier (the instance's `identifier` output). */
    identifier: pulumi.Input<string>;
    /** Allocated storage: the free-storage alarm threshold is a fraction of it. */
    allocatedStorageGb: number;
}

/** The MSK cluster, from the data layer. */
export interface KafkaSection {
    /** The cluster's name (the "Cluster Name" dimension), not its ARN. */
    clusterName: pulumi.Input<string>;
    /** Broker ids run 1..brokerCount; MSK's free metrics are per broker. */
    brokerCount: number;
}

/** The OpenSearch domain, from the data layer. */
export interface SearchSection {
    domainName: pulumi.Input<string>;
    /** Account id: OpenSearch metrics carry it as the ClientId dimension. */
    accountId: pulumi.Input<string>;
}

/** The ALB and its target group, from the edge layer. */
export interface AlbSection {
    /** `app/<name>/<id>`: the load balancer's `arnSuffix`. */
    arnSuffix: pulumi.Input<string>;
    /** `targetgroup/<name>/<id>`: the target group's `arnSuffix`. */
    targetGroupArnSuffix: pulumi.Input<string>;
}

/** The EKS cluster, from the cluster layer. */
export interface ClusterSection {
    /** Cluster name: the ClusterName dimension of Container Insights. */
    name: pulumi.Input<string>;
}

/** The Client VPN's office-hours automation, from the access layer (absent when the VPN is always on). */
export interface VpnScheduleSection {
    /** The release workflow: a failed run leaves an association billed overnight. */
    releaseStateMachineArn: pulumi.Input<string>;
    /** The schedule group: a dropped invocation is a start or release that never happened. */
    scheduleGroupName: pulumi.Input<string>;
}

/** What can be monitored; an absent section (its layer not built) has no widgets and no alarms. */
export interface MonitoredSections {
    vpnSchedule?: VpnScheduleSection;
    database?: DatabaseSection;
    kafka?: KafkaSection;
    search?: SearchSection;
    alb?: AlbSection;
    cluster?: ClusterSection;
}

/** Broker ids of an MSK cluster, as the "Broker ID" dimension spells them. */
export const brokerIds = (count: number): string[] => Array.from({ length: count }, (_, i) => String(i + 1));

/** Problems with the sections' plain values; empty when usable. */
export function validateSections(s: MonitoredSections): string[] {
    const problems: string[] = [];
    if (s.database && !(s.database.allocatedStorageGb > 0))
        problems.push(`database.allocatedStorageGb ${s.database.allocatedStorageGb} must be > 0.`);
    if (s.kafka && (!Number.isInteger(s.kafka.brokerCount) || s.kafka.brokerCount < 1))
        problems.push(`kafka.brokerCount ${s.kafka.brokerCount} must be a whole number >= 1.`);
    return problems;
}
