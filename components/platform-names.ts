/**
 * Names two or more layers must agree on: one layer creates the object, another refers to it by name (a namespace, a
 * Secret, an IngressClass, a ConfigMap, a pod label, a DNS label). Each is written once, here, and every layer imports
 * it from here rather than from the layer that creates the object. A value one layer computes (an ARN, an endpoint, a
 * list a component decides) reaches another through index.ts instead.
 *
 * Plain data with no imports: stacks/ reads the namespace list from here too, without loading any component.
 */

/** Fixed names of the platform's own namespaces (the app namespace is the stack's, e.g. dev); tenancy creates them. */
export const PLATFORM_NAMESPACES = {
    logging: "logging",
    monitoring: "monitoring",
    observability: "observability",
    fluxSystem: "flux-system",
    ingress: "kube-ingress",
    toolbox: "test",
} as const;
/** The namespaces the platform always creates besides the environment's own; stacks/ refuses them as a stack name. */
export const PLATFORM_NAMESPACE_NAMES: string[] = [
    PLATFORM_NAMESPACES.logging,
    PLATFORM_NAMESPACES.monitoring,
    PLATFORM_NAMESPACES.observability,
    PLATFORM_NAMESPACES.fluxSystem,
    PLATFORM_NAMESPACES.ingress,
];
/** The toolbox's namespace, created only when the toolbox is enabled. */
export const TOOLBOX_NAMESPACE = PLATFORM_NAMESPACES.toolbox;

/** The Docker Hub pull secret tenancy puts in each namespace that pulls from Docker Hub; pods name it. */
export const PULL_SECRET_NAME = "docker-hub";

/** The IngressClass the edge layer's NGINX Ingress Controller creates (as the default class); Ingresses name it. */
export const INGRESS_CLASS = "nginx";
/** The ingress controller's Helm release: its pods' `app.kubernetes.io/instance`, which its spread constraints and Prometheus select. */
export const NGINX_INGRESS_RELEASE = "nginx-ingress";

/** The ConfigMap of data-store and OTLP endpoints tenancy writes in the app namespace; apps read it through envFrom. */
export const ENDPOINTS_CONFIGMAP = "platform-endpoints";

/**
 * Kubernetes group of developers: the cluster's access entries map developer roles to it, and only tenancy's namespaced
 * RoleBindings bind it.
 */
export const DEVELOPER_GROUP = "platform-developers";

/**
 * Pods with this label opt out of tenancy's namespace-wide allow-from-ingress and bring their own, port-scoped policy
 * (Hydra: the controller may reach its public port, never its admin port).
 */
export const OWN_INGRESS_POLICY_LABEL = "platform.io/own-ingress-policy";

/** kube-prometheus-stack's Helm release name, fixed: it prefixes every object's name, renaming it reinstalls the stack. */
export const KUBE_PROMETHEUS_STACK_RELEASE = "kube-prometheus-stack";
/** Alertmanager's web port: the operator's container port `http-web`, and the port of the chart's Service. */
export const ALERTMANAGER_PORT = 9093;
/**
 * Labels of the Alertmanager pods the Prometheus operator makes for this release; the chart's Service
 * `<release>-alertmanager` selects exactly these, and tenancy's NetworkPolicies admit Flux to them.
 */
export const ALERTMANAGER_POD_LABELS = {
    "app.kubernetes.io/name": "alertmanager",
    alertmanager: `${KUBE_PROMETHEUS_STACK_RELEASE}-alertmanager`,
} as const;
/** Pod labels of Flux's notification-controller (its Deployment's selector in every Flux distribution). */
export const FLUX_NOTIFICATION_CONTROLLER_LABELS = { app: "notification-controller" } as const;

/**
 * DNS labels of the platform's own services under the environment's domain: the edge layer's certificate and alias
 * records cover `<label>.<domain>`, and the service's Ingress answers on it.
 */
export const SERVICE_HOST_LABELS = { grafana: "grafana", jaeger: "jaeger" } as const;
/** `<label>.<domain>`: a host the wildcard certificate and the ALB's alias records cover. */
export const hostOf = (label: string, domain: string) => `${label}.${domain}`;
