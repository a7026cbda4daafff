import { CLOUDWATCH_OBSERVABILITY_CONFIGURATION } from "../../components/cluster/addons";
import { ASSOCIATE_TARGET, associateInput } from "../../components/vpn/office-hours";
import { DEFAULT_OFFICE_HOURS, OfficeHours, cronAt } from "../../stacks/schedule";
import { TierDefaults } from "../../stacks/tiers";
import { RecordedResource } from "../../offline/engine/registry";

/**
 * The billable resources a tier's defaults (stacks/tiers.ts) imply, as RecordedResources the pricers understand.
 * It answers "what will this environment cost" while layers are still being written, and it is what the knobs in
 * docs/cost.md are computed on. Counts the tiers do not fix (keys, alarms, dashboards, zones) are MODEL_COUNTS.
 * Layer names are indicative; the program's own layers decide the real report.
 */

export interface ModelCounts {
    /** One customer-managed key per purpose (components/data/kms.ts): RDS, MSK, OpenSearch, EKS secrets, logs, SOPS. */
    kmsKeys: number;
    alarms: number;
    dashboards: number;
    zones: number;
}

export const MODEL_COUNTS: ModelCounts = { kmsKeys: 6, alarms: 6, dashboards: 1, zones: 1 };

/** A hand-made RecordedResource, as the mocks would record it. */
export function recorded(type: string, name: string, inputs: Record<string, any>, parent?: string, custom = true): RecordedResource {
    return { type, name, key: `${type}::${name}`, parent, provider: undefined, protect: false, dependsOn: [], custom, id: `id-mock-${name}`, inputs, secretPaths: [], outputs: {} };
}

export function tierModel(name: string, t: TierDefaults, counts: ModelCounts = MODEL_COUNTS): RecordedResource[] {
    const out: RecordedResource[] = [];
    const add = (type: string, n: string, inputs: Record<string, any>, parent?: string, custom = true) => {
        const r = recorded(type, `${name}-${n}`, inputs, parent, custom);
        out.push(r);
        return r.key;
    };
    const layer = (l: string, type: string) => add(`platform:${l}:${type}`, l, {}, undefined, false);
    const azs = t.network.azCount;

    const network = layer("network", "Network");
    const nats = t.network.natGateways === "perAz" ? azs : 1;
    for (let i = 0; i < nats; i++) {
        add("aws:ec2/eip:Eip", `nat-${i}`, { domain: "vpc" }, network);
        add("aws:ec2/natGateway:NatGateway", `nat-${i}`, { subnetId: `subnet-public-${i}` }, network);
    }
    add("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", { vpcEndpointType: "Gateway" }, network);
    add("aws:cloudwatch/logGroup:LogGroup", "flow-logs", { retentionInDays: t.network.flowLogRetentionDays }, network);

    const cluster = layer("cluster", "Cluster");
    add("eks:index:Cluster", "eks", { version: t.cluster.version, skipDefaultNodeGroup: true, authenticationMode: "API" }, cluster, false);
    const ng = t.cluster.nodeGroup;
    add("aws:eks/nodeGroup:NodeGroup", "nodes", {
        instanceTypes: ng.instanceTypes, capacityType: ng.capacityType, diskSize: ng.diskSizeGb,
        scalingConfig: { minSize: ng.minSize, desiredSize: ng.desiredSize, maxSize: ng.maxSize },
    }, cluster);
    add("aws:cloudwatch/logGroup:LogGroup", "control-plane-logs", { retentionInDays: t.cluster.logRetentionDays }, cluster);
    if (t.cluster.containerInsights) {
        add("aws:eks/addon:Addon", "cloudwatch-observability", { addonName: "amazon-cloudwatch-observability", configurationValues: JSON.stringify(CLOUDWATCH_OBSERVABILITY_CONFIGURATION) }, cluster);
        add("aws:cloudwatch/logGroup:LogGroup", "container-insights", { retentionInDays: t.cluster.logRetentionDays }, cluster);
    }

    const data = layer("data", "Data");
    for (let i = 0; i < counts.kmsKeys; i++) add("aws:kms/key:Key", `key-${i}`, { enableKeyRotation: true }, data);
    const db = t.database;
    add("aws:rds/instance:Instance", "postgres", {
        engine: "postgres", instanceClass: db.instanceClass, allocatedStorage: db.allocatedStorageGb,
        maxAllocatedStorage: db.maxAllocatedStorageGb, storageType: "gp3", multiAz: db.multiAz,
    }, data);
    add("aws:msk/cluster:Cluster", "kafka", {
        numberOfBrokerNodes: t.kafka.brokersPerAz * azs,
        brokerNodeGroupInfo: { instanceType: t.kafka.instanceType, storageInfo: { ebsStorageInfo: { volumeSize: t.kafka.volumeSizeGb } } },
    }, data);
    add("aws:opensearch/domain:Domain", "search", {
        clusterConfig: { instanceType: t.search.instanceType, instanceCount: t.search.instanceCount, zoneAwarenessEnabled: t.search.zoneCount > 1 },
        ebsOptions: { ebsEnabled: true, volumeSize: t.search.volumeSizeGb, volumeType: "gp3" },
    }, data);

    const edge = layer("edge", "Edge");
    for (let i = 0; i < counts.zones; i++) add("aws:route53/zone:Zone", `zone-${i}`, {}, edge);
    add("aws:acm/certificate:Certificate", "wildcard", { validationMethod: "DNS" }, edge);
    add("aws:lb/loadBalancer:LoadBalancer", "alb", {
        loadBalancerType: "application", internal: false, subnets: Array.from({ length: azs }, (_, i) => `subnet-public-${i}`),
    }, edge);

    if (t.vpn.enabled) {
        const vpn = layer("vpn", "ClientVpn");
        add("aws:ec2clientvpn/endpoint:Endpoint", "vpn", {}, vpn);
        const endpointId = recorded("aws:ec2clientvpn/endpoint:Endpoint", `${name}-vpn`, {}).id;
        const n = t.vpn.subnetAssociations;
        if (t.vpn.alwaysOn) {
            for (let i = 0; i < n; i++) add("aws:ec2clientvpn/networkAssociation:NetworkAssociation", `vpn-${i}`, { clientVpnEndpointId: endpointId }, vpn);
        } else if (n > 0) {
            // As components/vpn/office-hours.ts declares them: a start schedule per subnet, one stop schedule that
            // starts the release workflow, all under one component. The tiers have no window: the default one.
            const hours: OfficeHours = DEFAULT_OFFICE_HOURS;
            const office = add("platform:vpn:OfficeHoursAssociations", "vpn-office-hours", {}, vpn, false);
            add("aws:sfn/stateMachine:StateMachine", "vpn-office-hours-release", { type: "STANDARD" }, office);
            add("aws:scheduler/scheduleGroup:ScheduleGroup", "vpn-office-hours", {}, office);
            const at = (time: string, target: string, input?: string) => ({ scheduleExpression: cronAt(time, hours.days), scheduleExpressionTimezone: hours.timezone, target: { arn: target, input } });
            for (let i = 0; i < n; i++) {
                add("aws:scheduler/schedule:Schedule", `vpn-office-hours-start-${i}`, at(hours.start, ASSOCIATE_TARGET, JSON.stringify(associateInput(endpointId, `subnet-private-${i}`))), office);
            }
            add("aws:scheduler/schedule:Schedule", "vpn-office-hours-stop", at(hours.end, `arn:aws:states:::stateMachine:${name}-vpn-office-hours-release`), office);
        }
    }

    const obs = layer("observability", "Observability");
    for (let i = 0; i < counts.dashboards; i++) add("aws:cloudwatch/dashboard:Dashboard", `dashboard-${i}`, {}, obs);
    for (let i = 0; i < counts.alarms; i++) add("aws:cloudwatch/metricAlarm:MetricAlarm", `alarm-${i}`, { period: 300 }, obs);
    add("kubernetes:helm.sh/v3:Release", "kube-prometheus-stack", {
        chart: "kube-prometheus-stack",
        values: { prometheus: { prometheusSpec: { retention: t.observability.prometheusRetention, storageSpec: { volumeClaimTemplate: { spec: { resources: { requests: { storage: `${t.observability.prometheusStorageGb}Gi` } } } } } } } },
    }, obs);
    return out;
}
