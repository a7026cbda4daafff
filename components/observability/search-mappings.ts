import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { PULL_SECRET_NAME } from "../platform-names";
import { RESTRICTED_CONTAINER } from "./common";

/**
 * curl signs SigV4 itself (`--aws-sigv4`, 7.75+); the image is curl on Alpine with a POSIX shell and sed, nothing
 * else. Pinned: a new tag is a new script run (the Job name hashes it).
 */
export const SEARCH_SECURITY_IMAGE = "curlimages/curl:8.16.0";
/** The image's own user (curl_user); numeric so the kubelet can check runAsNonRoot. */
export const SEARCH_SECURITY_UID = 100;
export const SEARCH_SECURITY_SERVICE_ACCOUNT = "search-security";
/** The custom OpenSearch role of the log and trace writers. */
export const SEARCH_WRITER_ROLE = "platform_writer";
const LABELS = { "app.kubernetes.io/name": "search-security", "app.kubernetes.io/part-of": "platform" };

/**
 * What Fluent Bit and Jaeger need, and no more: read and write their own indices (`logs-*`; Jaeger's `jaeger-span-*`,
 * `jaeger-service-*`, `jaeger-dependencies-*`) and create them. `crud` is the security plugin's action group for
 * read + write, `create_index` creates an index on the first write and extends its mapping with new fields;
 * `cluster_composite_ops` (bulk, mget, msearch) and `cluster_monitor` (health, version) are cluster-wide,
 * `indices:admin/(index_)template/*` are Jaeger's index templates. No built-in role fits: `logstash` is scoped to
 * `logstash-*`, `all_access` is everything.
 */
export const SEARCH_WRITER_ROLE_BODY = {
    description: "Fluent Bit and Jaeger: write and read their own indices (managed by Pulumi)",
    cluster_permissions: ["cluster_monitor", "cluster_composite_ops", "indices:admin/template/*", "indices:admin/index_template/*"],
    index_permissions: [{ index_patterns: ["logs-*", "jaeger-*"], allowed_actions: ["crud", "create_index"] }],
};

/** One signed PUT of the security plugin's REST API; PUT replaces the whole object, so re-running changes nothing. */
export interface SearchSecurityRequest {
    path: string;
    body: Record<string, unknown>;
}

/**
 * The requests that map the writers and the admins, in order (the role before its mapping): the writer role, its
 * mapping to the writers' IAM roles, and `all_access` mapped to the master role and the admins. Role ARNs are sorted and
 * deduplicated so the same stack always yields the same payload (and Job name).
 */
export function searchSecurityRequests(writerRoleArns: string[], adminRoleArns: string[]): SearchSecurityRequest[] {
    const sorted = (arns: string[]) => [...new Set(arns)].sort();
    const api = "_plugins/_security/api";
    return [
        { path: `${api}/roles/${SEARCH_WRITER_ROLE}`, body: SEARCH_WRITER_ROLE_BODY },
        {
            path: `${api}/rolesmapping/${SEARCH_WRITER_ROLE}`,
            body: { backend_roles: sorted(writerRoleArns), description: "Managed by Pulumi" },
        },
        { path: `${api}/rolesmapping/all_access`, body: { backend_roles: sorted(adminRoleArns), description: "Managed by Pulumi" } },
    ];
}

/**
 * The Job's script. Pod Identity gives no AWS_ACCESS_KEY_ID: the EKS webhook sets AWS_CONTAINER_CREDENTIALS_FULL_URI
 * (the node's agent, http://169.254.170.23/v1/credentials) and AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (a projected
 * token), and the agent answers `{"AccessKeyId", "SecretAccessKey", "Token", ...}` to a GET carrying that token as
 * Authorization. The keys go to curl on stdin (`--config -`), never on a command line. `--fail-with-body` fails the
 * Job on a refused PUT and prints OpenSearch's reason.
 */
export const SEARCH_SECURITY_SCRIPT = `set -eu
creds=$(curl -sS --fail --retry 10 --retry-all-errors -H "Authorization: $(cat "$AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")" "$AWS_CONTAINER_CREDENTIALS_FULL_URI")
field() { printf '%s' "$creds" | sed -n "s/.*\\"$1\\" *: *\\"\\([^\\"]*\\)\\".*/\\1/p"; }
key=$(field AccessKeyId); secret=$(field SecretAccessKey); session=$(field Token)
if [ -z "$key" ] || [ -z "$secret" ] || [ -z "$session" ]; then echo "no credentials from the Pod Identity agent" >&2; exit 1; fi
while read -r path file <&3; do
  [ -n "$path" ] || continue
  echo "PUT /$path"
  printf 'user = "%s:%s"\\nheader = "x-amz-security-token: %s"\\n' "$key" "$secret" "$session" |
    curl -sS --fail-with-body --retry 10 --retry-all-errors --config - --aws-sigv4 "aws:amz:$REGION:es" \\
      -H 'Content-Type: application/json' -X PUT --data-binary "@/requests/$file" "https://$ENDPOINT/$path"
  echo
done 3< /requests/index
`;

/** ConfigMap data: `index` lists "<path> <file>" in order, one JSON body per file. */
export function searchSecurityConfigData(requests: SearchSecurityRequest[]): Record<string, string> {
    const data: Record<string, string> = { index: `${requests.map((r, i) => `${r.path} ${i}.json`).join("\n")}\n` };
    requests.forEach((r, i) => {
        data[`${i}.json`] = JSON.stringify(r.body);
    });
    return data;
}

/** `search-security-<hash>`: new content (requests, endpoint, script, image) is a new Job; the same is no change. */
export function searchSecurityJobName(data: Record<string, string>, endpoint: string, image: string): string {
    const content = JSON.stringify([Object.entries(data).sort(), endpoint, SEARCH_SECURITY_SCRIPT, image]);
    return `search-security-${createHash("sha256").update(content).digest("hex").slice(0, 10)}`;
}

/** The Job's pod: restricted Pod Security (K2), no Kubernetes API token; Pod Identity projects its own token. */
export function searchSecurityPodSpec(a: {
    image: string;
    configMapName: pulumi.Input<string>;
    endpoint: pulumi.Input<string>;
    region: string;
}): k8s.types.input.core.v1.PodSpec {
    return {
        serviceAccountName: SEARCH_SECURITY_SERVICE_ACCOUNT,
        automountServiceAccountToken: false,
        restartPolicy: "Never",
        imagePullSecrets: [{ name: PULL_SECRET_NAME }],
        securityContext: {
            runAsNonRoot: true,
            runAsUser: SEARCH_SECURITY_UID,
            runAsGroup: SEARCH_SECURITY_UID,
            seccompProfile: { type: "RuntimeDefault" },
        },
        containers: [
            {
                name: "put",
                image: a.image,
                command: ["/bin/sh", "-c", SEARCH_SECURITY_SCRIPT],
                env: [
                    { name: "ENDPOINT", value: a.endpoint },
                    { name: "REGION", value: a.region },
                ],
                resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "200m", memory: "64Mi" } },
                securityContext: {
                    ...RESTRICTED_CONTAINER,
                    privileged: false,
                    runAsUser: SEARCH_SECURITY_UID,
                    runAsGroup: SEARCH_SECURITY_UID,
                },
                volumeMounts: [{ name: "requests", mountPath: "/requests", readOnly: true }],
            },
        ],
        volumes: [{ name: "requests", configMap: { name: a.configMapName } }],
    };
}

/** Arguments of {@link SearchSecurityMappings}. */
export interface SearchSecurityMappingsArgs {
    /** EKS cluster, for the Pod Identity association. */
    clusterName: pulumi.Input<string>;
    /** Namespace the Job runs in (observability: restricted, HTTPS and Pod Identity egress already allowed). */
    namespace: string;
    /** Region of the domain: the SigV4 scope. */
    region: string;
    /** The domain's endpoint (host name, no scheme). Waiting for it is what orders the Job after the domain. */
    searchEndpoint: pulumi.Input<string>;
    /** The domain's master role: the Job runs as it, so its trust must admit pods.eks.amazonaws.com. */
    masterRoleArn: pulumi.Input<string>;
    /** IAM roles mapped to {@link SEARCH_WRITER_ROLE} (Fluent Bit's and Jaeger's Pod Identity roles). */
    writerRoleArns: pulumi.Input<string>[];
    /** IAM roles mapped to all_access besides the master role (platform:access.adminRoleArns). Default: none. */
    adminRoleArns?: pulumi.Input<string>[];
    /** Default {@link SEARCH_SECURITY_IMAGE}. */
    image?: string;
}

/**
 * OpenSearch's role mappings, declared: the domain sits in the VPC, so a Job inside the cluster PUTs them through the
 * security plugin's REST API as the domain's master role (EKS Pod Identity), on the first `up` and again whenever
 * their content changes, with nobody on the VPN. Pulumi waits for the Job: a refused mapping fails the `up`.
 */
export class SearchSecurityMappings extends pulumi.ComponentResource {
    /** Name of the Job that applied the current mappings. */
    public readonly jobName: pulumi.Output<string>;

    constructor(name: string, args: SearchSecurityMappingsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:SearchSecurityMappings", name, {}, opts);
        const image = args.image ?? SEARCH_SECURITY_IMAGE;
        // Pulumi does not pass a component's dependsOn to its children; the namespace must exist before these.
        const afterNamespace = { parent: this, dependsOn: opts?.dependsOn };
        const account = new k8s.core.v1.ServiceAccount(
            `${name}-sa`,
            {
                metadata: { name: SEARCH_SECURITY_SERVICE_ACCOUNT, namespace: args.namespace, labels: LABELS },
                automountServiceAccountToken: false,
            },
            afterNamespace,
        );
        const association = new aws.eks.PodIdentityAssociation(
            `${name}-association`,
            {
                clusterName: args.clusterName,
                namespace: args.namespace,
                serviceAccount: SEARCH_SECURITY_SERVICE_ACCOUNT,
                roleArn: args.masterRoleArn,
            },
            { parent: this },
        );
        const data = pulumi
            .all([pulumi.all(args.writerRoleArns), pulumi.all(args.adminRoleArns ?? []), args.masterRoleArn])
            .apply(([writers, admins, master]) => searchSecurityConfigData(searchSecurityRequests(writers, [master, ...admins])));
        const config = new k8s.core.v1.ConfigMap(
            `${name}-requests`,
            {
                metadata: { name: "search-security-requests", namespace: args.namespace, labels: LABELS },
                data,
            },
            afterNamespace,
        );
        // No ttlSecondsAfterFinished: a Job the TTL controller deleted would be recreated by the next refresh + up.
        const job = new k8s.batch.v1.Job(
            `${name}-job`,
            {
                metadata: {
                    name: pulumi.all([data, args.searchEndpoint]).apply(([d, endpoint]) => searchSecurityJobName(d, endpoint, image)),
                    namespace: args.namespace,
                    labels: LABELS,
                },
                spec: {
                    backoffLimit: 4,
                    activeDeadlineSeconds: 600,
                    template: {
                        metadata: { labels: LABELS },
                        spec: searchSecurityPodSpec({
                            image,
                            configMapName: config.metadata.name,
                            endpoint: args.searchEndpoint,
                            region: args.region,
                        }),
                    },
                },
                // Credentials are injected when the pod starts: the association must exist first.
            },
            { parent: this, dependsOn: [account, association, config], customTimeouts: { create: "10m", update: "10m" } },
        );
        this.jobName = job.metadata.name;
        this.registerOutputs({ jobName: this.jobName });
    }
}
