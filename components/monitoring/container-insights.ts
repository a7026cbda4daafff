/**
 * The standard Container Insights metrics for Amazon EKS (ContainerInsights namespace) and the dimension sets each is
 * published with, as AWS's "Amazon EKS and Kubernetes Container Insights metrics" table lists them
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-EKS.html, checked
 * 2026-12-01). These are what the amazon-cloudwatch-observability add-on publishes with enhanced observability off
 * (components/cluster/addons.ts); a widget naming anything else, or another dimension set, charts nothing.
 */
export type ContainerInsightsEntity = "cluster" | "node" | "namespace" | "service" | "pod";

/** Dimension names of each entity's series: one custom metric per metric, entity and dimension value. */
export const ENTITY_DIMENSIONS: Record<ContainerInsightsEntity, string[]> = {
    cluster: ["ClusterName"],
    node: ["ClusterName", "InstanceId", "NodeName"],
    namespace: ["ClusterName", "Namespace"],
    service: ["ClusterName", "Namespace", "Service"],
    pod: ["ClusterName", "Namespace", "PodName"],
};

export const CONTAINER_INSIGHTS_METRICS: Record<string, ContainerInsightsEntity[]> = {
    cluster_failed_node_count: ["cluster"],
    cluster_node_count: ["cluster"],
    namespace_number_of_running_pods: ["namespace", "cluster"],
    node_cpu_limit: ["cluster"],
    node_cpu_reserved_capacity: ["node", "cluster"],
    node_cpu_usage_total: ["cluster"],
    node_cpu_utilization: ["node", "cluster"],
    node_filesystem_utilization: ["node", "cluster"],
    node_memory_limit: ["cluster"],
    node_memory_reserved_capacity: ["node", "cluster"],
    node_memory_utilization: ["node", "cluster"],
    node_memory_working_set: ["cluster"],
    node_network_total_bytes: ["node", "cluster"],
    node_number_of_running_containers: ["node", "cluster"],
    node_number_of_running_pods: ["node", "cluster"],
    pod_cpu_reserved_capacity: ["pod", "cluster"],
    pod_cpu_utilization: ["pod", "namespace", "service", "cluster"],
    pod_cpu_utilization_over_pod_limit: ["pod", "namespace", "service", "cluster"],
    pod_memory_reserved_capacity: ["pod", "cluster"],
    pod_memory_utilization: ["pod", "namespace", "service", "cluster"],
    pod_memory_utilization_over_pod_limit: ["pod", "namespace", "service", "cluster"],
    pod_number_of_container_restarts: ["pod"],
    pod_network_rx_bytes: ["pod", "namespace", "service", "cluster"],
    pod_network_tx_bytes: ["pod", "namespace", "service", "cluster"],
    service_number_of_running_pods: ["service", "cluster"],
};

/** How many metrics the table publishes per entity (the cost report multiplies them by the entity counts). */
export function metricsPerEntity(): Record<ContainerInsightsEntity, number> {
    const out: Record<ContainerInsightsEntity, number> = { cluster: 0, node: 0, namespace: 0, service: 0, pod: 0 };
    for (const entities of Object.values(CONTAINER_INSIGHTS_METRICS)) for (const e of entities) out[e] += 1;
    return out;
}
