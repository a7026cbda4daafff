import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of {@link StorefrontSecrets}. */
export interface StorefrontSecretsArgs {
    /** The environment's namespace, where the storefront runs (deployed from the config repository by Flux). */
    namespace: pulumi.Input<string>;
    /** MongoDB Atlas connection string (secret config, validated by stacks/). */
    mongoUrl: pulumi.Input<string>;
    /** MongoDB Atlas oplog connection string (secret config, validated by stacks/). */
    mongoOplogUrl: pulumi.Input<string>;
}

/** Name of the Secret the storefront's manifests consume with `envFrom: [{ secretRef: { name: storefront-mongo } }]`. */
export const STOREFRONT_SECRET_NAME = "storefront-mongo";

/**
 * The storefront's MongoDB Atlas URLs as a Secret in the environment namespace. Only the Secret comes from Pulumi:
 * the storefront itself stays in the config repository, which references the Secret by its fixed name.
 */
export class StorefrontSecrets extends pulumi.ComponentResource {
    public readonly secretName: pulumi.Output<string>;

    constructor(name: string, args: StorefrontSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:apps:StorefrontSecrets", name, {}, opts);
        const secret = new k8s.core.v1.Secret(
            `${name}-mongo`,
            {
                metadata: {
                    name: STOREFRONT_SECRET_NAME,
                    namespace: args.namespace,
                    labels: { "app.kubernetes.io/name": "storefront", "app.kubernetes.io/part-of": "platform" },
                },
                type: "Opaque",
                stringData: pulumi.secret({ MONGO_URL: args.mongoUrl, MONGO_OPLOG_URL: args.mongoOplogUrl }),
            },
            { parent: this },
        );
        this.secretName = secret.metadata.name;
        this.registerOutputs({ secretName: this.secretName });
    }
}
