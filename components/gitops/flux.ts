import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { PodIdentityRole } from "../cluster/pod-identity";
import { KmsKey } from "../data/kms";
import type { GitOpsConfig } from "../../stacks/types";
import {
    FLUX_COMPONENTS,
    FLUX_INSTANCE_NAME,
    FLUX_OPERATOR_CHART,
    FLUX_OPERATOR_CHART_VERSION,
    FLUX_SYNC_SECRET,
    type FluxClusterSize,
    KUSTOMIZE_CONTROLLER,
    fluxInstanceSpec,
    sopsCreationRules,
} from "./flux-spec";
import { type GitHubRegistration, registerDeployKey } from "./github-key";
import { knownHostsFor } from "./known-hosts";
import { FLUX_NOTIFICATIONS, fluxNotificationsSpec } from "./notifications";

/**
 * Values of the flux-operator release. The chart enables its Flux Status web UI by default, with no authentication
 * and a NetworkPolicy admitting port 9080 from every namespace (`namespaceSelector: {}`), which would undo the
 * tenancy layer's default-deny in flux-system. Off: `WEB_SERVER_PORT` becomes 0 and neither the port nor that
 * NetworkPolicy is rendered. Operators read the same state with `kubectl get fluxinstance,fluxreport`.
 */
export function fluxOperatorValues(): Record<string, any> {
    return { installCRDs: true, web: { enabled: false, networkPolicy: { create: false } } };
}

/** Arguments of {@link Flux}. */
export interface FluxArgs {
    /** EKS cluster name, for the kustomize-controller Pod Identity association. */
    clusterName: pulumi.Input<string>;
    /**
     * Namespace the tenancy layer created for Flux (flux-system). Plain: the Pod Identity association names it. Pass
     * the namespace resource in `opts.dependsOn`; this component forwards it to its Kubernetes children.
     */
    namespace: string;
    /** The config repository, validated by stacks/ (ssh://git@host/org/repo). */
    gitops: Pick<GitOpsConfig, "repoUrl" | "branch" | "path" | "knownHosts" | "imageAutomationWriteBack">;
    /** Alias prefix of the SOPS key, e.g. "platform-dev": the key becomes alias/<prefix>-sops. */
    keyAliasPrefix: string;
    /**
     * `protect` the SOPS key and the deploy key (outside dev): losing the SOPS key makes every encrypted file in the
     * repository unreadable; a new deploy key stops every sync until someone registers it again.
     */
    protect: boolean;
    /** Days before a scheduled deletion of the SOPS key takes effect: 30 outside dev, 7 in dev. */
    keyDeletionWindowInDays: number;
    /** Flux controllers' concurrency/limits profile. Default: medium. */
    size?: FluxClusterSize;
    /**
     * Register the deploy key on this GitHub repository with this token ({@link githubRegistration}). Default: none;
     * the `deployKeyPublic` output is then registered by hand. Plain presence: it decides whether GitHub resources exist.
     */
    github?: GitHubRegistration;
    /**
     * Alertmanager's API v2 alerts URL: Flux reports every failed reconciliation there (a Provider and an Alert, see
     * notifications.ts), so it reaches the same place as the platform's other alerts. Plain: it decides whether they
     * exist. Default: none, and Flux's failures are seen only with `kubectl` (or `flux get`).
     */
    alertmanagerUrl?: string;
}

/** Options of the deploy key: `protect` in protected tiers; rotating it is a deliberate step (docs/gitops.md). */
export function deployKeyOptions(parent: pulumi.Resource, protect: boolean): pulumi.CustomResourceOptions {
    return { parent, protect };
}

/**
 * Flux v2 through the Flux Operator: the operator chart, a FluxInstance syncing the environment's directory of the
 * config repository, a generated ed25519 deploy key in the flux-system Secret with pinned known_hosts (K10), and a
 * per-environment SOPS key that kustomize-controller reaches through EKS Pod Identity.
 *
 * Pod Identity matches pods by namespace and service account name, so the association alone gives
 * flux-system/kustomize-controller its role: no service account annotation, no spec.kustomize patch. Credentials are
 * injected when a pod starts, so the FluxInstance (which creates the controllers) waits for the association.
 */
export class Flux extends pulumi.ComponentResource {
    /** OpenSSH public key to register as the config repository's deploy key (not secret). */
    public readonly deployKeyPublic: pulumi.Output<string>;
    /** False when image automation writes back: the deploy key then needs write access. */
    public readonly deployKeyReadOnly: pulumi.Output<boolean>;
    public readonly sopsKmsKeyArn: pulumi.Output<string>;
    /** A `.sops.yaml` with this environment's creation rule, to paste into the config repository. */
    public readonly sopsConfig: pulumi.Output<string>;
    public readonly kustomizeControllerRoleArn: pulumi.Output<string>;
    /** owner/name of the repository the program registered the deploy key on; undefined when registered by hand. */
    public readonly deployKeyRepository: pulumi.Output<string | undefined>;

    constructor(name: string, args: FluxArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before declaring anything: a host without pinned keys must not get a half-built Flux.
        const knownHosts = knownHostsFor(args.gitops.repoUrl, args.gitops.knownHosts);
        const spec = fluxInstanceSpec({
            repoUrl: args.gitops.repoUrl,
            branch: args.gitops.branch,
            path: args.gitops.path,
            size: args.size,
        });
        super("platform:gitops:Flux", name, {}, opts);
        const child = { parent: this };
        // Pulumi does not pass a component's dependsOn to its children; the namespace must exist before these.
        const afterNamespace = { parent: this, dependsOn: opts?.dependsOn };

        const sopsKey = new KmsKey(
            `${name}-sops`,
            {
                purpose: "sops",
                aliasPrefix: args.keyAliasPrefix,
                protect: args.protect,
                deletionWindowInDays: args.keyDeletionWindowInDays,
            },
            child,
        );
        const sopsRole = new PodIdentityRole(
            `${name}-${KUSTOMIZE_CONTROLLER}`,
            {
                clusterName: args.clusterName,
                namespace: args.namespace,
                serviceAccount: KUSTOMIZE_CONTROLLER,
                policyDocuments: [
                    sopsKey.arn.apply((arn) =>
                        JSON.stringify({
                            Version: "2012-10-17",
                            Statement: [{ Sid: "SopsDecrypt", Effect: "Allow", Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: arn }],
                        }),
                    ),
                ],
            },
            child,
        );

        const deployKey = new tls.PrivateKey(`${name}-deploy-key`, { algorithm: "ED25519" }, deployKeyOptions(this, args.protect));
        const syncSecret = new k8s.core.v1.Secret(
            `${name}-deploy-key`,
            {
                metadata: { name: FLUX_SYNC_SECRET, namespace: args.namespace },
                type: "Opaque",
                stringData: pulumi.secret({
                    identity: deployKey.privateKeyOpenssh,
                    "identity.pub": deployKey.publicKeyOpenssh,
                    known_hosts: knownHosts,
                }),
            },
            afterNamespace,
        );

        const githubKey =
            args.github &&
            registerDeployKey(this, name, args.github, {
                publicKey: deployKey.publicKeyOpenssh,
                readOnly: !args.gitops.imageAutomationWriteBack,
                title: `flux ${args.keyAliasPrefix}`,
            });

        const operator = new k8s.helm.v3.Release(
            `${name}-operator`,
            {
                name: "flux-operator",
                chart: FLUX_OPERATOR_CHART,
                version: FLUX_OPERATOR_CHART_VERSION,
                namespace: args.namespace,
                createNamespace: false,
                values: fluxOperatorValues(),
                // Small and quick to become ready; waiting here means the FluxInstance CRD is served before we use it.
                timeout: 300,
            },
            afterNamespace,
        );

        const instance = new k8s.apiextensions.CustomResource(
            `${name}-instance`,
            {
                apiVersion: "fluxcd.controlplane.io/v1",
                kind: "FluxInstance",
                metadata: {
                    name: FLUX_INSTANCE_NAME,
                    namespace: args.namespace,
                    annotations: {
                        "fluxcd.controlplane.io/reconcileEvery": "1h",
                        "fluxcd.controlplane.io/reconcileTimeout": "5m",
                        // Without a GitHub token the first sync cannot succeed until someone registers the deploy key.
                        "pulumi.com/skipAwait": "true",
                    },
                },
                spec,
            },
            { parent: this, dependsOn: [operator, syncSecret, sopsRole, ...(githubKey ? [githubKey] : [])] },
        );

        if (args.alertmanagerUrl) {
            new k8s.apiextensions.CustomResource(
                `${name}-notifications`,
                {
                    apiVersion: "fluxcd.controlplane.io/v1",
                    kind: "ResourceSet",
                    metadata: {
                        name: FLUX_NOTIFICATIONS,
                        namespace: args.namespace,
                        // Ready only once the FluxInstance has installed the notification CRDs: not for Pulumi to wait on
                        // (the operator applies the objects as soon as they are; `kubectl -n flux-system get rset`).
                        annotations: { "pulumi.com/skipAwait": "true" },
                    },
                    spec: fluxNotificationsSpec({
                        namespace: args.namespace,
                        alertmanagerUrl: args.alertmanagerUrl,
                        components: FLUX_COMPONENTS,
                    }),
                    // Its CRD comes with the operator chart; created after the FluxInstance, deleted before it.
                },
                { parent: this, dependsOn: [instance] },
            );
        }

        this.deployKeyPublic = deployKey.publicKeyOpenssh;
        this.deployKeyReadOnly = pulumi.output(!args.gitops.imageAutomationWriteBack);
        this.sopsKmsKeyArn = sopsKey.arn;
        this.sopsConfig = sopsKey.arn.apply((arn) => sopsCreationRules(args.gitops.path, arn));
        this.kustomizeControllerRoleArn = sopsRole.roleArn;
        this.deployKeyRepository = pulumi.output(args.github?.repository);
        this.registerOutputs({
            deployKeyPublic: this.deployKeyPublic,
            deployKeyReadOnly: this.deployKeyReadOnly,
            sopsKmsKeyArn: this.sopsKmsKeyArn,
            sopsConfig: this.sopsConfig,
            deployKeyRepository: this.deployKeyRepository,
        });
    }
}
