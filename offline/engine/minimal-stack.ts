import * as pulumi from "@pulumi/pulumi";
import { type ConfigSource, loadStackConfig } from "../../stacks/load";
import type { PlatformConfig } from "../../stacks/types";
/** The deployers' CIDR the minimal prod stack names (a documentation range). */
export const PROD_DEPLOYER_CIDR = "203.0.113.0/24";

/** The required secret keys of every stack. */
export const REQUIRED_SECRET_KEYS = ["platform:dockerHubToken", "platform:mongoUrl", "platform:mongoOplogUrl"];

/**
 * The smallest valid stack config: every required key, nothing else. What `pulumi config set` of the README's
 * "A new environment" produces; tests, synth checks and the config reference start from it.
 */
export function minimalStackConfig(environment = "dev", domain = `${environment}.example.com`): Record<string, string> {
    return {
        "platform:environment": environment,
        "aws:region": "us-east-1",
        "platform:domain": domain,
        "platform:gitops": JSON.stringify({ repoUrl: "ssh://git@github.com/acme/platform-config.git" }),
        "platform:dockerHub": JSON.stringify({ username: "acme" }),
        "platform:dockerHubToken": "dckr_pat_0123456789abcdef",
        "platform:mongoUrl": "mongodb+srv://shop:pw@cluster0.mongodb.invalid/storefront",
        "platform:mongoOplogUrl": "mongodb://shop:pw@mongo.invalid:27017/local",
        // prod's API endpoint is public to the deployers only, and they must be named (README, "A new environment").
        ...(environment === "prod" ? { "platform:cluster": JSON.stringify({ publicAccessCidrs: [PROD_DEPLOYER_CIDR] }) } : {}),
    };
}

/** The minimal stack of a tier, loaded by stacks/ as `pulumi up` would load it (every secret held as a secret). */
export function loadMinimalStack(environment: string): PlatformConfig {
    const values = minimalStackConfig(environment);
    const source: ConfigSource = {
        project: "platform",
        stack: environment,
        values,
        isSecret: () => true,
        secret: (k) => pulumi.secret(values[`platform:${k}`]),
    };
    return loadStackConfig(source);
}
