import { mockSecret } from "../fakes";
import type { MockTable } from "./types";

/** Mocked outputs and invokes of the gitops and observability layers' resources (owned by that layer). */
export const gitops: MockTable = {
    resources: {
        // Shaped like the real provider's outputs, so K10 and the Secret tests see an OpenSSH key, never a real one.
        "tls:index/privateKey:PrivateKey": (name, inputs) => ({
            privateKeyOpenssh: `-----BEGIN OPENSSH PRIVATE KEY-----\n${mockSecret(`${name}-private`, 48)}\n-----END OPENSSH PRIVATE KEY-----\n`,
            publicKeyOpenssh: `ssh-${String(inputs.algorithm ?? "ed25519").toLowerCase()} AAAAmock${name.replace(/[^A-Za-z0-9]/g, "")}\n`,
            publicKeyFingerprintSha256: `SHA256:mock-${name}`,
        }),
        // github_repository_deploy_key: id is "<repository>:<key id>", etag from the API.
        "github:index/repositoryDeployKey:RepositoryDeployKey": (name, inputs) => ({
            etag: `W/"mock-${name}"`,
            id: `${inputs.repository}:4242`,
        }),
    },
    calls: {},
};
