import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ClientVpn, releaseHook } from "./components/vpn";
import { Hydra, StorefrontSecrets, optionalToolbox } from "./components/apps";
import { Karpenter } from "./components/capacity";
import { ADDON_VERSIONS, Cluster, NODE_AMI_TYPE } from "./components/cluster";
import { Database, Kafka, KmsKey, Search, SearchMasterRole, searchDomainArn } from "./components/data";
import { AliasRecords, Dns, IngressController, LoadBalancer } from "./components/edge";
import { FLUX_COMPONENTS, Flux, githubRegistration } from "./components/gitops";
import { Monitoring } from "./components/monitoring";
import { Network } from "./components/network";
import {
    Logs,
    Metrics,
    ObservabilityRoles,
    PlatformMonitors,
    SEARCH_SECURITY_SERVICE_ACCOUNT,
    SearchSecurityMappings,
    Traces,
    alertmanagerAlertsUrl,
    otlpEndpoint,
} from "./components/observability";
import { DEVELOPER_GROUP, PLATFORM_NAMESPACES, SERVICE_HOST_LABELS } from "./components/platform-names";
import { Tenancy } from "./components/tenancy";
import { loadConfig } from "./stacks";

// Wiring only: config in, layers built in dependency order, outputs out.
const config = loadConfig({
    supportedKubernetesVersions: Object.keys(ADDON_VERSIONS),
    nodeArchitecture: NODE_AMI_TYPE.includes("ARM") ? "arm64" : "x86_64",
});
const prefix = config.stack;
// stacks/ keeps the stack name short and DNS-safe, so these physical names are valid and unique per account.
const names = { cluster: `${config.project}-${config.stack}`, search: `${config.project}-${config.stack}` };
const ns = PLATFORM_NAMESPACES;

const awsProvider = new aws.Provider("aws", { region: config.region as aws.Region, defaultTags: { tags: config.tags } });
const providers = { aws: awsProvider };
const accountId = aws.getCallerIdentityOutput({}, { provider: awsProvider }).accountId;
const keyArgs = { aliasPrefix: names.cluster, protect: config.protect, deletionWindowInDays: config.protect ? 30 : 7 };
const key = (purpose: string) => new KmsKey(`${prefix}-${purpose}-key`, { ...keyArgs, purpose }, { providers });

// 1. Network, VPN, cluster, data stores (then the edge, then the dashboards and alarms, which read those layers).
const network = new Network(`${prefix}-network`, { ...config.network, clusterName: names.cluster }, { providers });
const vpn = config.vpn.enabled
    ? new ClientVpn(
          `${prefix}-vpn`,
          {
              vpcId: network.vpcId,
              vpcCidr: config.network.cidr,
              subnetIds: network.privateSubnetIds,
              settings: config.vpn,
              clients: config.vpn.clients,
              domain: config.domain,
              logRetentionDays: config.cluster.logRetentionDays,
              protect: config.protect,
          },
          { providers },
      )
    : undefined;
// A disabled VPN still registers its release hook: an endpoint and schedules left in the state need it to be deleted.
if (!vpn) releaseHook(`${prefix}-vpn`);
const cluster = new Cluster(
    `${prefix}-cluster`,
    {
        clusterName: names.cluster,
        vpcId: network.vpcId,
        privateSubnetIds: network.privateSubnetIds,
        settings: config.cluster,
        access: config.access,
        secretsKmsKeyArn: key("eks").arn,
        protect: config.protect,
        apiClientSecurityGroupIds: vpn ? [vpn.securityGroupId] : [],
    },
    { providers },
);

// Workload nodes: Karpenter on the system group; its NodePool is what workload pods wait for.
const karpenter = new Karpenter(
    `${prefix}-karpenter`,
    {
        clusterName: cluster.clusterName,
        clusterEndpoint: cluster.endpoint,
        nodeSecurityGroupId: cluster.clusterSecurityGroupId,
        region: config.region,
        accountId,
        settings: config.karpenter,
        replicas: Math.min(config.replicas, 2),
        systemCapacity: cluster.workloadCapacity,
        tags: config.tags,
    },
    { providers: { aws: awsProvider, kubernetes: cluster.provider } },
);
const capacity = [...cluster.workloadCapacity, ...karpenter.capacity];

// Operators on the VPN reach the data stores as the cluster does.
const data = {
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    protect: config.protect,
    clientSecurityGroupIds: [cluster.clusterSecurityGroupId, ...(vpn ? [vpn.securityGroupId] : [])],
};
// The roles exist before the domain, whose access policy admits exactly them; their policies name the domain by ARN.
const observabilityRoles = new ObservabilityRoles(
    `${prefix}-observability`,
    {
        clusterName: cluster.clusterName,
        searchDomainArn: accountId.apply((account) => searchDomainArn(config.region, account, names.search)),
        logsNamespace: ns.logging,
        tracesNamespace: ns.observability,
    },
    { providers },
);
const database = new Database(`${prefix}-database`, { ...data, kmsKeyArn: key("rds").arn, settings: config.database }, { providers });
const kafka = new Kafka(
    `${prefix}-kafka`,
    {
        ...data,
        kmsKeyArn: key("msk").arn,
        settings: config.kafka,
        logRetentionDays: config.cluster.logRetentionDays,
    },
    { providers },
);
// The master user is a role of its own, never the caller: previews and deploys run as different roles.
const searchMaster = new SearchMasterRole(
    `${prefix}-search-master`,
    {
        trustedRoleArns: [...config.access.adminRoleArns, ...config.access.ciDeployRoleArns],
        accountId,
        protect: config.protect,
        // The Job that applies OpenSearch's role mappings runs as the master role (SearchSecurityMappings below).
        podIdentity: { clusterName: names.cluster, namespace: ns.observability, serviceAccount: SEARCH_SECURITY_SERVICE_ACCOUNT },
    },
    { providers },
);
const search = new Search(
    `${prefix}-search`,
    {
        ...data,
        domainName: names.search,
        kmsKeyArn: key("opensearch").arn,
        settings: config.search,
        logRetentionDays: config.cluster.logRetentionDays,
        masterRoleArn: searchMaster.roleArn,
        accessRoleArns: [observabilityRoles.logsRoleArn, observabilityRoles.tracesRoleArn],
    },
    { providers },
);

// 2. Tenancy: namespaces, pull secrets, RBAC, NetworkPolicies, platform-endpoints.
const k8sProviders = { aws: awsProvider, kubernetes: cluster.provider };
const tenancy = new Tenancy(
    `${prefix}-tenancy`,
    {
        provider: cluster.provider,
        appNamespace: config.appNamespace,
        toolboxNamespace: config.apps.toolbox.enabled,
        vpcCidr: config.network.cidr,
        developerNamespaces: config.access.developerNamespaces,
        kubernetesVersion: config.cluster.version,
        dockerHub: { username: config.dockerHub.username, token: config.secrets.dockerHubToken, namespaces: config.dockerHub.namespaces },
        endpoints: {
            kafkaBootstrapBrokers: kafka.bootstrapBrokersIam,
            opensearchEndpoint: search.endpoint,
            databaseHost: database.address,
            otlpEndpoint: otlpEndpoint(ns.observability),
        },
    },
    { providers: k8sProviders },
);
// Namespaces, not the whole Tenancy: its platform-endpoints ConfigMap waits for the data stores (MSK: 25-40 minutes).
// And schedulable nodes: the namespaces exist minutes before the nodes join, and awaited releases would time out.
// And Karpenter's NodePool: workload pods run on its nodes, and `destroy` deletes them before the NodePool (and so the nodes).
const inCluster = { providers: k8sProviders, dependsOn: [...tenancy.namespaceResources, ...capacity] };
// What makes EBS volumes also waits for the EBS CSI driver, so `destroy` deletes the volumes while the driver runs.
const withVolumes = { ...inCluster, dependsOn: [...inCluster.dependsOn, ...cluster.storageDriver] };

// 3. Edge: zone and certificate, the ALB, the ingress controller, one alias per host.
const hosts = [
    config.apps.hydra.host,
    ...(config.observability.grafanaExposed ? [SERVICE_HOST_LABELS.grafana] : []),
    ...(config.observability.jaegerExposed ? [SERVICE_HOST_LABELS.jaeger] : []),
    ...config.dns.extraHosts,
];
const dns = new Dns(
    `${prefix}-dns`,
    { domain: config.domain, parentZoneId: config.dns.parentZoneId, hosts, protect: config.protect },
    { providers },
);
const alb = new LoadBalancer(
    `${prefix}-edge`,
    {
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        vpcCidr: config.network.cidr,
        asgNames: cluster.nodeGroupAsgNames,
        nodeGroupCount: cluster.nodeGroupCount,
        certificateArn: dns.certificateArn,
        settings: config.ingress,
        deletionProtection: config.protect,
        accessLogRetentionDays: config.ingress.accessLogRetentionDays,
    },
    { providers },
);
// The cluster owns the nodes' group and declares every rule on it; this one was the edge's child until the move.
cluster.admitToNodes(
    "nodes-from-alb",
    {
        peerSecurityGroupId: alb.securityGroupId,
        port: config.ingress.httpNodePort,
        description: "Ingress controller HTTP NodePort from the ALB only",
    },
    { aliases: [{ name: `${prefix}-edge-nodes-from-alb`, parent: alb }] },
);
new AliasRecords(
    `${prefix}-aliases`,
    { zoneId: dns.zoneId, domain: config.domain, hosts, target: { dnsName: alb.dnsName, zoneId: alb.zoneId } },
    { providers },
);
new IngressController(
    `${prefix}-ingress`,
    {
        namespace: tenancy.namespaces.ingress,
        settings: config.ingress,
        vpcCidr: config.network.cidr,
        externalStatusAddress: alb.dnsName,
    },
    { providers: k8sProviders, dependsOn: capacity },
);

// 4. GitOps and observability.
const flux = new Flux(
    `${prefix}-flux`,
    {
        clusterName: cluster.clusterName,
        namespace: ns.fluxSystem,
        gitops: config.gitops,
        keyAliasPrefix: keyArgs.aliasPrefix,
        protect: config.protect,
        keyDeletionWindowInDays: keyArgs.deletionWindowInDays,
        github: githubRegistration(config.secrets.githubToken, config.gitops),
        // Failed reconciliations go where every in-cluster alert goes: Alertmanager, then the SNS alarm topic.
        alertmanagerUrl: alertmanagerAlertsUrl(ns.monitoring),
    },
    inCluster,
);
// Dashboards, alarms and the SNS alarm topic: declared before the metrics layer, whose Alertmanager publishes to the
// topic (a declaration order only: names and parents, so URNs, are what they were when this came last).
const monitoring = new Monitoring(
    `${prefix}-monitoring`,
    {
        region: config.region,
        alarmEmails: config.alarms.emails,
        protect: config.protect,
        // Container Insights metrics exist only where the add-on is installed (cluster.containerInsights; off in dev).
        cluster: cluster.containerInsights ? { name: cluster.clusterName } : undefined,
        database: { identifier: database.identifier, allocatedStorageGb: config.database.allocatedStorageGb },
        kafka: { clusterName: kafka.clusterName, brokerCount: config.kafka.brokerCount },
        search: { domainName: search.domainName, accountId },
        alb: { arnSuffix: alb.arnSuffix, targetGroupArnSuffix: alb.targetGroupArnSuffix },
        vpnSchedule: vpn?.officeHours,
    },
    { providers },
);
const metrics = new Metrics(
    `${prefix}-metrics`,
    {
        namespace: ns.monitoring,
        domain: config.domain,
        retention: config.observability.prometheusRetention,
        storageGb: config.observability.prometheusStorageGb,
        grafanaExposed: config.observability.grafanaExposed,
        replicas: config.replicas,
        clusterName: cluster.clusterName,
        region: config.region,
        alarmTopicArn: monitoring.alarmTopicArn,
        alarmTopicKmsKeyArn: monitoring.alarmTopicKeyArn,
    },
    withVolumes,
);
// ServiceMonitor/PodMonitor CRDs come with kube-prometheus-stack.
new PlatformMonitors(
    `${prefix}-monitors`,
    {
        namespaces: { ingress: ns.ingress, logs: ns.logging, flux: ns.fluxSystem, traces: ns.observability },
        fluxControllers: FLUX_COMPONENTS,
    },
    { providers: k8sProviders, dependsOn: [...tenancy.namespaceResources, metrics.release] },
);
const afterRoles = { providers: k8sProviders, dependsOn: [...inCluster.dependsOn, observabilityRoles] };
new Logs(`${prefix}-logs`, { namespace: ns.logging, searchEndpoint: search.endpoint, region: config.region }, afterRoles);
const traces = new Traces(
    `${prefix}-traces`,
    {
        namespace: ns.observability,
        searchEndpoint: search.endpoint,
        region: config.region,
        domain: config.domain,
        exposed: config.observability.jaegerExposed,
        replicas: config.replicas,
        indexReplicas: config.search.instanceCount > 1 ? 1 : 0,
    },
    afterRoles,
);
// Fluent Bit and Jaeger are refused by fine-grained access control until mapped: a Job in the cluster maps them (and
// the admins) as the master role on the first `up`, and again whenever a mapping changes.
new SearchSecurityMappings(
    `${prefix}-search-security`,
    {
        clusterName: cluster.clusterName,
        namespace: ns.observability,
        region: config.region,
        searchEndpoint: search.endpoint,
        masterRoleArn: searchMaster.roleArn,
        writerRoleArns: [observabilityRoles.logsRoleArn, observabilityRoles.tracesRoleArn],
        adminRoleArns: config.access.adminRoleArns,
    },
    inCluster,
);

// 5. Apps.
const hydra = new Hydra(
    `${prefix}-hydra`,
    {
        namespace: tenancy.namespaces.app,
        domain: config.domain,
        ...config.apps.hydra,
        dsn: database.dsn,
        vpcCidr: config.network.cidr,
        protect: config.protect,
        systemSecret: config.secrets.hydraSystemSecret,
        cookieSecret: config.secrets.hydraCookieSecret,
        pairwiseSalt: config.secrets.hydraPairwiseSalt,
        retiredSystemSecrets: config.secrets.hydraRetiredSystemSecrets,
        clientNamespaces: config.apps.toolbox.enabled ? [ns.toolbox] : [],
    },
    inCluster,
);
new StorefrontSecrets(
    `${prefix}-storefront`,
    {
        namespace: tenancy.namespaces.app,
        mongoUrl: config.secrets.mongoUrl,
        mongoOplogUrl: config.secrets.mongoOplogUrl,
    },
    inCluster,
);
optionalToolbox(
    config.apps.toolbox.enabled,
    `${prefix}-toolbox`,
    {
        namespace: tenancy.namespaces.toolbox,
        developerGroup: DEVELOPER_GROUP,
        egressCidrs: [config.network.cidr],
        endpoints: {
            KAFKA_BOOTSTRAP_BROKERS: kafka.bootstrapBrokersIam,
            OPENSEARCH_ENDPOINT: search.endpoint,
            DATABASE_HOST: database.address,
            HYDRA_ADMIN_URL: hydra.adminServiceAddress,
            OTLP_ENDPOINT: traces.otlpEndpoint,
        },
    },
    inCluster,
);

// Outputs. Secret ones (kubeconfig, VPN client configs, DSN, Grafana password) stay secret: read with --show-secrets.
export const vpcId = network.vpcId;
export const privateSubnetIds = network.privateSubnetIds;
export const publicSubnetIds = network.publicSubnetIds;
export const clusterName = cluster.clusterName;
export const kubeconfig = cluster.kubeconfig;
export const karpenterNodeRoleArn = karpenter.nodeRoleArn;
export const karpenterInterruptionQueue = karpenter.interruptionQueueName;
export const vpnEndpointId = vpn?.endpointId;
/** The VPN CA's certificate (public): the revocation runbook signs its CRL against it (docs/vpn.md). */
export const vpnCaCertificate = vpn?.caCertificatePem;
export const vpnClientConfig = vpn?.clientConfig;
export const vpnClientConfigs = vpn?.clientConfigs;
/** Office hours only (vpn.alwaysOn false): reach the VPN outside them, and give the association back early. */
export const vpnAssociateNow = vpn?.associateNowCommands;
export const vpnReleaseNow = vpn?.releaseNowCommand;
export const databaseEndpoint = database.address;
export const databaseDsn = database.dsn;
export const kafkaBootstrapBrokers = kafka.bootstrapBrokersIam;
export const searchEndpoint = search.endpoint;
export const searchMasterRoleArn = searchMaster.roleArn;
export const searchWriterRoleArns = pulumi.all([observabilityRoles.logsRoleArn, observabilityRoles.tracesRoleArn]);
export const nameServers = dns.nameServers;
export const certificateArn = dns.certificateArn;
export const albDnsName = alb.dnsName;
export const fluxDeployKey = flux.deployKeyPublic;
export const fluxDeployKeyReadOnly = flux.deployKeyReadOnly;
/** The repository the program registered the deploy key on (githubToken set); undefined: register it by hand. */
export const fluxDeployKeyRepository = flux.deployKeyRepository;
export const sopsKmsKeyArn = flux.sopsKmsKeyArn;
export const sopsConfig = flux.sopsConfig;
export const grafanaUrl = metrics.grafanaUrl;
export const grafanaAdminPassword = metrics.grafanaAdminPassword;
export const jaegerUrl = traces.queryUrl;
export const hydraPublicUrl = hydra.publicUrl;
export const hydraAdminUrl = hydra.adminServiceAddress;
export const dashboardName = monitoring.dashboardName;
export const alarmTopicArn = monitoring.alarmTopicArn;
