import type * as pulumi from "@pulumi/pulumi";
import { KAFKA_DISK_USED_PERCENT, rdsFreeStorageThresholdBytes } from "./alarms";
import {
    type AlbSection,
    type ClusterSection,
    type DatabaseSection,
    type KafkaSection,
    type MonitoredSections,
    type SearchSection,
    brokerIds,
} from "./sections";

/** One entry of a widget's `metrics`: namespace, metric name, dimension name/value pairs, then options. */
export type MetricLine = (pulumi.Input<string> | Record<string, unknown>)[];

/** A metric widget before layout (CloudWatch dashboard body structure). */
export interface WidgetSpec {
    title: string;
    metrics: MetricLine[];
    stat?: string;
    period?: number;
    /** Horizontal lines, e.g. an alarm threshold. */
    annotations?: { label: string; value: number }[];
}

export interface DashboardWidget {
    type: "metric" | "text";
    x: number;
    y: number;
    width: number;
    height: number;
    properties: Record<string, unknown>;
}

const WIDTH = 12;
const HEIGHT = 6;

export function albWidgets(alb: AlbSection): WidgetSpec[] {
    const ns = "AWS/ApplicationELB";
    const lb = ["LoadBalancer", alb.arnSuffix];
    const tg = ["TargetGroup", alb.targetGroupArnSuffix, "LoadBalancer", alb.arnSuffix];
    return [
        { title: "ALB requests", stat: "Sum", metrics: [[ns, "RequestCount", ...lb]] },
        {
            title: "ALB 5xx",
            stat: "Sum",
            metrics: [
                [ns, "HTTPCode_Target_5XX_Count", ...lb],
                [ns, "HTTPCode_ELB_5XX_Count", ...lb],
            ],
        },
        {
            title: "ALB target response time",
            metrics: [
                [ns, "TargetResponseTime", ...lb, { stat: "p95" }],
                [ns, "TargetResponseTime", ...lb, { stat: "p99" }],
            ],
        },
        {
            title: "ALB targets",
            stat: "Minimum",
            metrics: [
                [ns, "HealthyHostCount", ...tg],
                [ns, "UnHealthyHostCount", ...tg, { stat: "Maximum" }],
            ],
        },
    ];
}

export function databaseWidgets(db: DatabaseSection): WidgetSpec[] {
    const ns = "AWS/RDS";
    const id = ["DBInstanceIdentifier", db.identifier];
    return [
        { title: "RDS CPU %", stat: "Average", metrics: [[ns, "CPUUtilization", ...id]] },
        { title: "RDS connections", stat: "Maximum", metrics: [[ns, "DatabaseConnections", ...id]] },
        {
            title: "RDS free storage (bytes)",
            stat: "Minimum",
            metrics: [[ns, "FreeStorageSpace", ...id]],
            annotations: [{ label: "alarm", value: rdsFreeStorageThresholdBytes(db.allocatedStorageGb) }],
        },
        {
            title: "RDS latency (s)",
            stat: "Average",
            metrics: [
                [ns, "ReadLatency", ...id],
                [ns, "WriteLatency", ...id],
            ],
        },
    ];
}

export function kafkaWidgets(k: KafkaSection): WidgetSpec[] {
    const ns = "AWS/Kafka";
    const perBroker = (metric: string, extra: Record<string, unknown> = {}): MetricLine[] =>
        brokerIds(k.brokerCount).map((id) => [
            ns,
            metric,
            "Cluster Name",
            k.clusterName,
            "Broker ID",
            id,
            { label: `${metric} broker ${id}`, ...extra },
        ]);
    return [
        { title: "MSK bytes in/out per second", stat: "Average", metrics: [...perBroker("BytesInPerSec"), ...perBroker("BytesOutPerSec")] },
        { title: "MSK under-replicated partitions", stat: "Maximum", metrics: perBroker("UnderReplicatedPartitions") },
        {
            title: "MSK data-log disk used %",
            stat: "Maximum",
            metrics: perBroker("KafkaDataLogsDiskUsed"),
            annotations: [{ label: "alarm", value: KAFKA_DISK_USED_PERCENT }],
        },
    ];
}

export function searchWidgets(s: SearchSection): WidgetSpec[] {
    const ns = "AWS/ES";
    const dims = ["DomainName", s.domainName, "ClientId", s.accountId];
    return [
        {
            title: "OpenSearch cluster status",
            stat: "Maximum",
            metrics: [
                [ns, "ClusterStatus.red", ...dims],
                [ns, "ClusterStatus.yellow", ...dims],
            ],
        },
        { title: "OpenSearch free storage (MB)", stat: "Minimum", metrics: [[ns, "FreeStorageSpace", ...dims]] },
        { title: "OpenSearch JVM memory pressure %", stat: "Maximum", metrics: [[ns, "JVMMemoryPressure", ...dims]] },
    ];
}

/**
 * Container Insights rather than the node groups' Auto Scaling metrics: it is keyed by the cluster name alone (the
 * managed node groups' ASG names are generated, and group metrics collection cannot be switched on for them from
 * aws.eks.NodeGroup), it covers every node group and any future one, and it has memory and disk, which EC2 metrics
 * lack. It needs the amazon-cloudwatch-observability add-on in the cluster; without it these widgets stay empty.
 */
export function clusterWidgets(c: ClusterSection): WidgetSpec[] {
    const ns = "ContainerInsights";
    const dims = ["ClusterName", c.name];
    return [
        {
            title: "EKS nodes",
            stat: "Minimum",
            metrics: [
                [ns, "cluster_node_count", ...dims],
                [ns, "cluster_failed_node_count", ...dims, { stat: "Maximum" }],
            ],
        },
        {
            title: "EKS node utilization %",
            stat: "Average",
            metrics: [
                [ns, "node_cpu_utilization", ...dims],
                [ns, "node_memory_utilization", ...dims],
                [ns, "node_filesystem_utilization", ...dims],
            ],
        },
    ];
}

// Each builder takes its own section's type, so the table of builders is typed loosely.
const SECTIONS: { key: keyof MonitoredSections; title: string; build: (s: any) => WidgetSpec[] }[] = [
    { key: "alb", title: "Traffic (ALB)", build: albWidgets },
    { key: "cluster", title: "EKS nodes", build: clusterWidgets },
    { key: "database", title: "PostgreSQL (RDS)", build: databaseWidgets },
    { key: "kafka", title: "Kafka (MSK)", build: kafkaWidgets },
    { key: "search", title: "OpenSearch", build: searchWidgets },
];

/**
 * The dashboard body: a heading and two widgets a row per section present. Values may be Outputs; the component
 * serialises the result with pulumi.jsonStringify, a test with JSON.stringify.
 */
export function dashboardBody(sections: MonitoredSections, region: string): { widgets: DashboardWidget[] } {
    const widgets: DashboardWidget[] = [];
    let y = 0;
    for (const section of SECTIONS) {
        const value = sections[section.key];
        if (!value) continue;
        widgets.push({ type: "text", x: 0, y, width: 2 * WIDTH, height: 1, properties: { markdown: `## ${section.title}` } });
        y += 1;
        const built = section.build(value);
        built.forEach((w, i) => {
            widgets.push({
                type: "metric",
                x: (i % 2) * WIDTH,
                y: y + Math.floor(i / 2) * HEIGHT,
                width: WIDTH,
                height: HEIGHT,
                properties: {
                    title: w.title,
                    region,
                    view: "timeSeries",
                    stacked: false,
                    period: w.period ?? 60,
                    ...(w.stat ? { stat: w.stat } : {}),
                    metrics: w.metrics,
                    ...(w.annotations ? { annotations: { horizontal: w.annotations } } : {}),
                },
            });
        });
        y += Math.ceil(built.length / 2) * HEIGHT;
    }
    return { widgets };
}
