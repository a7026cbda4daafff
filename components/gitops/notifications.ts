/**
 * Flux reports failed reconciliations to Alertmanager, which sends them on to the environment's SNS alarm topic like
 * every other in-cluster alert. A leaf module (plain specs).
 */

/** notification-controller v1.9.3 (Flux 2.9.4) serves Provider and Alert at v1beta3 only. */
export const FLUX_NOTIFICATION_API_VERSION = "notification.toolkit.fluxcd.io/v1beta3";
export const FLUX_ALERT_PROVIDER = "alertmanager";
export const FLUX_ALERT = "reconciliation-errors";
/** The Flux Operator ResourceSet that holds the Provider and the Alert. */
export const FLUX_NOTIFICATIONS = "notifications";

/**
 * The kinds each Flux controller reconciles, and so emits events about (kinds from the Alert CRD's eventSources enum).
 * Only the controllers the FluxInstance installs are watched: an event source of a kind no controller serves is dead
 * weight. ArtifactGenerator and ExternalArtifact come from source-watcher, which the platform does not install.
 */
export const FLUX_EVENT_SOURCE_KINDS: Readonly<Record<string, readonly string[]>> = {
    "source-controller": ["GitRepository", "OCIRepository", "HelmRepository", "HelmChart", "Bucket"],
    "kustomize-controller": ["Kustomization"],
    "helm-controller": ["HelmRelease"],
    "image-reflector-controller": ["ImageRepository", "ImagePolicy"],
    "image-automation-controller": ["ImageUpdateAutomation"],
};

/** The CRDs a notification object needs; the ResourceSet waits for them (the FluxInstance installs them). */
export const FLUX_NOTIFICATION_CRDS = ["providers.notification.toolkit.fluxcd.io", "alerts.notification.toolkit.fluxcd.io"] as const;

/** Inputs of {@link fluxNotificationObjects}: plain values. */
export interface FluxNotificationArgs {
    /** Namespace of Flux and its objects (flux-system). */
    namespace: string;
    /** Alertmanager's API v2 alerts URL (`http://<service>.<namespace>:9093/api/v2/alerts/`). */
    alertmanagerUrl: string;
    /** The controllers the FluxInstance installs (FLUX_COMPONENTS). */
    components: readonly string[];
}

/**
 * The Provider (type alertmanager) and the Alert: every error event of every object of the installed controllers'
 * kinds in Flux's namespace (where the config repository's Kustomizations and sources live). Info events (a
 * successful reconciliation, a new revision) are not alerts. Alertmanager needs no credentials in the cluster.
 */
export function fluxNotificationObjects(args: FluxNotificationArgs): Record<string, any>[] {
    const kinds = args.components.flatMap((c) => FLUX_EVENT_SOURCE_KINDS[c] ?? []);
    const metadata = (name: string) => ({ name, namespace: args.namespace });
    return [
        {
            apiVersion: FLUX_NOTIFICATION_API_VERSION,
            kind: "Provider",
            metadata: metadata(FLUX_ALERT_PROVIDER),
            spec: { type: "alertmanager", address: args.alertmanagerUrl },
        },
        {
            apiVersion: FLUX_NOTIFICATION_API_VERSION,
            kind: "Alert",
            metadata: metadata(FLUX_ALERT),
            spec: {
                providerRef: { name: FLUX_ALERT_PROVIDER },
                eventSeverity: "error",
                eventSources: kinds.map((kind) => ({ kind, name: "*" })),
            },
        },
    ];
}

/**
 * The ResourceSet (fluxcd.controlplane.io/v1, served by the Flux Operator's chart) that applies the Provider and
 * the Alert once their CRDs are established. The FluxInstance installs those CRDs some seconds after Pulumi creates it,
 * and Pulumi does not wait for the FluxInstance (its first sync may wait for a hand-registered deploy key): created by
 * Pulumi directly, the Provider would race its CRD on the first `up`. The operator re-checks `dependsOn` every five
 * seconds, applies, and corrects drift every hour; deleting the ResourceSet deletes both objects.
 */
export function fluxNotificationsSpec(args: FluxNotificationArgs): Record<string, any> {
    return {
        dependsOn: FLUX_NOTIFICATION_CRDS.map((name) => ({
            apiVersion: "apiextensions.k8s.io/v1",
            kind: "CustomResourceDefinition",
            name,
            ready: true,
        })),
        resources: fluxNotificationObjects(args),
    };
}
