import { OWN_INGRESS_POLICY_LABEL, PULL_SECRET_NAME } from "../platform-names";
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { TMP_MOUNT, TMP_VOLUME, containerSecurityContext, podSecurityContext, shortHash } from "./pod";

type Input<T> = pulumi.Input<T>;
type PodSpec = k8s.types.input.core.v1.PodSpec;

/**
 * Ory Hydra, pinned. v26.2.0 is the newest release (2026-03-20) and the appVersion of the ory/k8s chart 0.62.1.
 * An upgrade is this one line: the migration Job's name follows it, so the new schema is applied before the rollout.
 */
export const HYDRA_IMAGE = "oryd/hydra:v26.2.0";
/** The image's `nonroot` user (uid/gid 65532, as distroless); set numerically so runAsNonRoot can be verified. */
export const HYDRA_UID = 65532;
export const HYDRA_PUBLIC_PORT = 4444;
export const HYDRA_ADMIN_PORT = 4445;
/** Kubernetes names are fixed: other apps and the edge layer address Hydra by them. */
export const HYDRA_NAME = "hydra";

export type HydraLogLevel = "panic" | "fatal" | "error" | "warn" | "info" | "debug" | "trace";

/** Labels shared by the server and the migration pods (the egress NetworkPolicy selects both). */
export const HYDRA_LABELS = { "app.kubernetes.io/name": HYDRA_NAME, "app.kubernetes.io/part-of": "platform" };
// Hydra's own NetworkPolicy admits the ingress controller to the public port only; the namespace-wide allow must not.
export const SERVER_LABELS = { ...HYDRA_LABELS, "app.kubernetes.io/component": "server", [OWN_INGRESS_POLICY_LABEL]: "true" };
export const MIGRATE_LABELS = { ...HYDRA_LABELS, "app.kubernetes.io/component": "migrate" };

/** `hydra-migrate-<hash of the image>`: a new image is a new Job, so Pulumi runs the migration once per version. */
export const migrationJobName = (image: string) => `${HYDRA_NAME}-migrate-${shortHash(image)}`;

/** https://<host>.<domain>/ (Hydra compares issuers literally: the trailing slash matters to clients). */
export const hydraPublicUrl = (host: string, domain: string) => `https://${host}.${domain}/`;

/**
 * Secret values as Hydra reads them. secrets.system and secrets.cookie are lists (first = current, the rest only
 * decrypt); they are written as JSON arrays because Hydra splits a plain env value on commas, and a list is what
 * a rotation needs (docs/apps.md).
 */
export function hydraSecretData(v: {
    dsn: string;
    system: string;
    retiredSystem: string[];
    cookie: string;
    salt: string;
}): Record<string, string> {
    return {
        DSN: v.dsn,
        SECRETS_SYSTEM: JSON.stringify([v.system, ...v.retiredSystem]),
        SECRETS_COOKIE: JSON.stringify([v.cookie]),
        OIDC_SUBJECT_IDENTIFIERS_PAIRWISE_SALT: v.salt,
    };
}

/** Non-secret configuration, as env names Hydra maps onto its config keys (urls.self.issuer -> URLS_SELF_ISSUER). */
export function hydraConfigData(a: {
    publicUrl: string;
    loginUrl: Input<string>;
    consentUrl: Input<string>;
    logLevel: HydraLogLevel;
}): Record<string, Input<string>> {
    return {
        URLS_SELF_ISSUER: a.publicUrl,
        URLS_SELF_PUBLIC: a.publicUrl,
        URLS_LOGIN: a.loginUrl,
        URLS_CONSENT: a.consentUrl,
        OIDC_SUBJECT_IDENTIFIERS_SUPPORTED_TYPES: "public,pairwise",
        SERVE_PUBLIC_PORT: String(HYDRA_PUBLIC_PORT),
        SERVE_ADMIN_PORT: String(HYDRA_ADMIN_PORT),
        LOG_LEVEL: a.logLevel,
        LOG_FORMAT: "json",
    };
}

const probe = (path: string, periodSeconds: number) => ({
    httpGet: { path, port: "http-admin" },
    periodSeconds,
    timeoutSeconds: 2,
    failureThreshold: 3,
});

/** The server's pod: env only from the Secret and ConfigMap (K9); probes on the admin port's health endpoints (K4). */
export function serverPodSpec(a: {
    image: string;
    serviceAccountName: Input<string>;
    secretName: Input<string>;
    configMapName: Input<string>;
}): PodSpec {
    return {
        serviceAccountName: a.serviceAccountName,
        automountServiceAccountToken: false,
        // oryd/hydra is on Docker Hub: pull as the stack's account, not anonymously (rate-limited).
        imagePullSecrets: [{ name: PULL_SECRET_NAME }],
        securityContext: podSecurityContext(HYDRA_UID),
        terminationGracePeriodSeconds: 30,
        // Spread over zones, softly: a hard constraint can leave a pod Pending when one zone lacks capacity.
        topologySpreadConstraints: [
            {
                maxSkew: 1,
                topologyKey: "topology.kubernetes.io/zone",
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: { matchLabels: SERVER_LABELS },
            },
        ],
        containers: [
            {
                name: HYDRA_NAME,
                image: a.image,
                // --sqa-opt-out: no telemetry to sqa.ory.sh (egress is closed anyway).
                args: ["serve", "all", "--sqa-opt-out"],
                ports: [
                    { name: "http-public", containerPort: HYDRA_PUBLIC_PORT, protocol: "TCP" },
                    { name: "http-admin", containerPort: HYDRA_ADMIN_PORT, protocol: "TCP" },
                ],
                envFrom: [{ secretRef: { name: a.secretName } }, { configMapRef: { name: a.configMapName } }],
                startupProbe: { ...probe("/health/ready", 2), failureThreshold: 30 },
                livenessProbe: probe("/health/alive", 10),
                readinessProbe: probe("/health/ready", 5),
                resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
                securityContext: containerSecurityContext(HYDRA_UID),
                volumeMounts: [TMP_MOUNT],
            },
        ],
        volumes: [TMP_VOLUME],
    };
}

/** The migration's pod: `hydra migrate sql up -e --yes` reads DSN from the env (`hydra migrate sql` is deprecated in v26). */
export function migrationPodSpec(a: { image: string; serviceAccountName: Input<string>; secretName: Input<string> }): PodSpec {
    return {
        serviceAccountName: a.serviceAccountName,
        automountServiceAccountToken: false,
        imagePullSecrets: [{ name: PULL_SECRET_NAME }],
        restartPolicy: "Never",
        securityContext: podSecurityContext(HYDRA_UID),
        containers: [
            {
                name: "migrate",
                image: a.image,
                args: ["migrate", "sql", "up", "-e", "--yes"],
                env: [{ name: "DSN", valueFrom: { secretKeyRef: { name: a.secretName, key: "DSN" } } }],
                resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
                securityContext: containerSecurityContext(HYDRA_UID),
                volumeMounts: [TMP_MOUNT],
            },
        ],
        volumes: [TMP_VOLUME],
    };
}
