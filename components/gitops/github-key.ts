import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import type { GitOpsConfig } from "../../stacks/types";
import { parseGitSshUrl } from "./known-hosts";

/** Where and with what the deploy key is registered on GitHub: the token is secret, the repository plain (owner/name). */
export interface GitHubRegistration {
    /** A token that may administer the repository's deploy keys (fine-grained: "Administration: write" on it). */
    token: pulumi.Input<string>;
    /** owner/name of the config repository. */
    repository: string;
}

/**
 * The repository to register the deploy key on: `gitops.githubRepository` when set, else the owner/repo of a
 * github.com `repoUrl`. Undefined without a token, or for another Git host without `githubRepository`: the key is then
 * registered by hand (docs/gitops.md) and nothing GitHub-side is declared.
 */
export function githubRegistration(
    token: pulumi.Input<string> | undefined,
    gitops: Pick<GitOpsConfig, "repoUrl" | "githubRepository">,
): GitHubRegistration | undefined {
    if (token === undefined) return undefined;
    if (gitops.githubRepository) return { token, repository: gitops.githubRepository };
    const url = parseGitSshUrl(gitops.repoUrl);
    if (url.host !== "github.com" || url.port !== undefined || url.owner.includes("/")) return undefined;
    return { token, repository: `${url.owner}/${url.repo}` };
}

/**
 * Options of the GitHub deploy key. The explicit provider carries the stack's token (never a GITHUB_TOKEN from the
 * environment of whoever runs Pulumi). Every argument of github_repository_deploy_key forces a new key in the
 * provider; `replaceOnChanges` says so here too, so a rotated tls key (a new public key) or a flipped
 * imageAutomationWriteBack (readOnly) replaces the GitHub key in the same `up`. Delete before create: GitHub refuses
 * a deploy key whose public key is already registered, and a readOnly flip keeps the same public key, so the old key
 * must go first (Flux cannot fetch for the few seconds in between; it retries). Not protected: it is derived, and a
 * protected key would block that replacement.
 */
export function githubDeployKeyOptions(parent: pulumi.Resource, provider: github.Provider): pulumi.CustomResourceOptions {
    return { parent, provider, replaceOnChanges: ["key", "readOnly", "repository", "title"], deleteBeforeReplace: true };
}

/** Declares the provider and the deploy key; returns the key resource (the FluxInstance waits for it). */
export function registerDeployKey(
    parent: pulumi.Resource,
    name: string,
    registration: GitHubRegistration,
    key: { publicKey: pulumi.Input<string>; readOnly: boolean; title: string },
): github.RepositoryDeployKey {
    const [owner, repository] = registration.repository.split("/");
    const provider = new github.Provider(`${name}-github`, { owner, token: pulumi.secret(registration.token) }, { parent });
    return new github.RepositoryDeployKey(
        `${name}-github-deploy-key`,
        {
            repository,
            title: key.title,
            // GitHub compares the key text; the tls provider's OpenSSH form ends with a newline it does not keep.
            key: pulumi.output(key.publicKey).apply((k) => k.trim()),
            readOnly: key.readOnly,
        },
        githubDeployKeyOptions(parent, provider),
    );
}
