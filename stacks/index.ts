import * as pulumi from "@pulumi/pulumi";
// Pulumi keeps isConfigSecret @internal, yet it is the one way to tell a `secure:` value from a plain one.
import { isConfigSecret } from "../offline/pulumi-internals";
import { type ConfigSource, type LoadOptions, NS, loadStackConfig } from "./load";
import type { PlatformConfig } from "./types";

export * from "./types";
export { ConfigError } from "./messages";
export { ConfigSource, LoadOptions, loadStackConfig } from "./load";
export { TIER_DEFAULTS, DEFAULT_KUBERNETES_VERSION } from "./tiers";

/** The stack's config as Pulumi holds it. The only place in the program that reads Pulumi config. */
export function pulumiConfigSource(): ConfigSource {
    const config = new pulumi.Config(NS);
    return {
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        values: pulumi.runtime.allConfig(),
        isSecret: (fullKey) => isConfigSecret(fullKey),
        secret: (key) => config.requireSecret(key),
    };
}

/** Loads and validates this stack's config; throws a ConfigError listing every problem. */
export function loadConfig(options: LoadOptions = {}): PlatformConfig {
    return loadStackConfig(pulumiConfigSource(), options);
}
