import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { INGRESS_CLASS, PULL_SECRET_NAME, SERVICE_HOST_LABELS, hostOf } from "../platform-names";
import { RESTRICTED_CONTAINER } from "./common";
import { TRACES_SERVICE_ACCOUNT } from "./roles";
import { vendoredChart } from "../charts";

/**
 * jaegertracing/helm-charts jaeger 4.11.1: Jaeger v2 only (an OpenTelemetry Collector distribution), one all-in-one
 * Deployment; vendored in charts/ (charts/charts.lock.json).
 */
const JAEGER = vendoredChart("jaeger");
export const JAEGER_CHART = JAEGER.chart;
export const JAEGER_CHART_VERSION = JAEGER.version;
/** The chart ships 2.19.0; 2.20.0 fixes SigV4 signing of request bodies to Amazon OpenSearch (jaegertracing/jaeger#8768). */
export const JAEGER_IMAGE_TAG = "2.20.0";
export const OTLP_GRPC_PORT = 4317;
export const OTLP_HTTP_PORT = 4318;
/** The collector's own metrics (the chart's Service port `internal-metrics`). */
export const JAEGER_METRICS_PORT = 8888;

/** The in-cluster OTLP gRPC address apps send spans to; known before the release exists, so the tenancy layer's
 * platform-endpoints ConfigMap can carry it without waiting for (or depending on) Jaeger. */
export const otlpEndpoint = (namespace: string) => `http://${TRACES_SERVICE_ACCOUNT}.${namespace}.svc:${OTLP_GRPC_PORT}`;
const STORE = "opensearch";

/** Inputs of {@link tracesValues}: plain values. */
export interface TracesValuesArgs {
    /** OpenSearch domain endpoint, a host name without scheme. */
    searchEndpoint: string;
    region: string;
    domain: string;
    /** Plain: decides whether the query UI's Ingress exists. */
    exposed: boolean;
    replicas: number;
    /** Replicas of each span index: 0 on a single-node domain (dev), else 1. */
    indexReplicas: number;
}

/** Jaeger's own configuration (the chart's `userconfig` replaces the image's default, in-memory one). */
export function jaegerConfig(args: Pick<TracesValuesArgs, "searchEndpoint" | "region" | "indexReplicas">): Record<string, any> {
    const index = { shards: 1, replicas: args.indexReplicas };
    return {
        service: {
            extensions: ["sigv4auth", "jaeger_storage", "jaeger_query", "healthcheckv2"],
            pipelines: { traces: { receivers: ["otlp"], processors: ["batch"], exporters: ["jaeger_storage_exporter"] } },
            // The collector serves its own metrics on localhost only unless told otherwise: Prometheus scrapes this.
            telemetry: {
                metrics: {
                    level: "detailed",
                    readers: [{ pull: { exporter: { prometheus: { host: "0.0.0.0", port: JAEGER_METRICS_PORT } } } }],
                },
            },
        },
        extensions: {
            // Signs with whatever the AWS SDK's default chain finds: the Pod Identity credentials of this pod.
            sigv4auth: { region: args.region, service: "es" },
            healthcheckv2: { use_v2: true, http: { endpoint: "0.0.0.0:13133" } },
            jaeger_query: {
                storage: { traces: STORE },
                http: { endpoint: "0.0.0.0:16686" },
                grpc: { endpoint: "0.0.0.0:16685" },
            },
            jaeger_storage: {
                backends: {
                    [STORE]: {
                        opensearch: {
                            server_urls: [`https://${args.searchEndpoint}`],
                            auth: { authenticator: "sigv4auth" },
                            indices: { spans: index, services: index, dependencies: index, sampling: index },
                        },
                    },
                },
            },
        },
        receivers: {
            otlp: {
                protocols: {
                    grpc: { endpoint: `0.0.0.0:${OTLP_GRPC_PORT}` },
                    http: { endpoint: `0.0.0.0:${OTLP_HTTP_PORT}` },
                },
            },
        },
        processors: { batch: {} },
        exporters: { jaeger_storage_exporter: { trace_storage: STORE } },
    };
}

/** Values of the Jaeger release. */
export function tracesValues(args: TracesValuesArgs): Record<string, any> {
    return {
        // The Deployment, Service and ServiceAccount are all named after this: the SA must match the Pod Identity association.
        fullnameOverride: TRACES_SERVICE_ACCOUNT,
        jaeger: {
            replicas: args.replicas,
            // Stateless once spans live in OpenSearch: roll instead of the chart's Recreate.
            strategy: { type: "RollingUpdate" },
            // jaegertracing/jaeger is on Docker Hub: pull it authenticated (rate limits).
            image: { tag: JAEGER_IMAGE_TAG, pullSecrets: [PULL_SECRET_NAME] },
            resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } },
            securityContext: RESTRICTED_CONTAINER,
            topologySpreadConstraints:
                args.replicas > 1
                    ? [
                          {
                              maxSkew: 1,
                              topologyKey: "topology.kubernetes.io/zone",
                              whenUnsatisfiable: "ScheduleAnyway",
                              labelSelector: {
                                  matchLabels: { "app.kubernetes.io/name": "jaeger", "app.kubernetes.io/component": "all-in-one" },
                              },
                          },
                      ]
                    : [],
            // The query UI has no login of its own: exposed hosts are reachable only from the ALB's allowed CIDRs.
            ingress: args.exposed
                ? {
                      enabled: true,
                      ingressClassName: INGRESS_CLASS,
                      hosts: [hostOf(SERVICE_HOST_LABELS.jaeger, args.domain)],
                      pathType: "Prefix",
                  }
                : { enabled: false },
        },
        userconfig: jaegerConfig(args),
    };
}

/** Arguments of {@link Traces}. */
export interface TracesArgs {
    /** Namespace from the tenancy layer (observability); must match ObservabilityRoles' tracesNamespace. */
    namespace: string;
    /** OpenSearch endpoint (host name, no scheme). */
    searchEndpoint: pulumi.Input<string>;
    region: string;
    domain: string;
    exposed: boolean;
    replicas: number;
    indexReplicas: number;
}

/**
 * Jaeger v2 storing spans in the OpenSearch domain, signing with SigV4 as the observability/jaeger Pod Identity role
 * of {@link ObservabilityRoles} (pass it and the namespace in `opts.dependsOn`). Apps send OTLP to `otlpEndpoint`.
 */
export class Traces extends pulumi.ComponentResource {
    /** In-cluster OTLP gRPC address, for the platform-endpoints ConfigMap. */
    public readonly otlpEndpoint: pulumi.Output<string>;
    /** In-cluster OTLP HTTP address. */
    public readonly otlpHttpEndpoint: pulumi.Output<string>;
    /** https://jaeger.<domain> when exposed, else the in-cluster query address (kubectl port-forward). */
    public readonly queryUrl: pulumi.Output<string>;

    constructor(name: string, args: TracesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:Traces", name, {}, opts);
        const values = pulumi.output(args.searchEndpoint).apply((searchEndpoint) => tracesValues({ ...args, searchEndpoint }));
        new k8s.helm.v3.Release(
            `${name}-jaeger`,
            {
                name: "jaeger",
                chart: JAEGER_CHART,
                version: JAEGER_CHART_VERSION,
                namespace: args.namespace,
                createNamespace: false,
                values,
                // Jaeger only turns ready once OpenSearch admits its role (fine-grained access mapping is outside Kubernetes).
                skipAwait: true,
                timeout: 600,
            },
            { parent: this, dependsOn: opts?.dependsOn },
        );
        const service = `${TRACES_SERVICE_ACCOUNT}.${args.namespace}.svc`;
        this.otlpEndpoint = pulumi.output(otlpEndpoint(args.namespace));
        this.otlpHttpEndpoint = pulumi.output(`http://${service}:${OTLP_HTTP_PORT}`);
        this.queryUrl = pulumi.output(
            args.exposed ? `https://${hostOf(SERVICE_HOST_LABELS.jaeger, args.domain)}` : `http://${service}:16686`,
        );
        this.registerOutputs({ otlpEndpoint: this.otlpEndpoint, otlpHttpEndpoint: this.otlpHttpEndpoint, queryUrl: this.queryUrl });
    }
}
