import * as pulumi from "@pulumi/pulumi";

/** Docker Hub's registry key in a docker config.json. */
export const DOCKER_HUB_REGISTRY = "https://index.docker.io/v1/";

/** The `.dockerconfigjson` of a Docker Hub pull secret, built without ever leaving the secret Output (S1). */
export function dockerConfigJson(username: pulumi.Input<string>, token: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.secret(
        pulumi.all([username, token]).apply(([user, password]) =>
            JSON.stringify({
                auths: { [DOCKER_HUB_REGISTRY]: { username: user, password, auth: Buffer.from(`${user}:${password}`).toString("base64") } },
            }),
        ),
    );
}
