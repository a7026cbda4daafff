import * as fs from "node:fs";
import * as yaml from "js-yaml";
import * as path from "node:path";
import { REQUIRED_SECRETS } from "../../stacks/schema";

export const ROOT = path.resolve(__dirname, "..", "..");

export interface StackConfig {
    /** Config by full key, as Pulumi passes it to the program (objects as JSON). */
    config: Record<string, string>;
    /** Keys whose values are secret. */
    secretKeys: string[];
    /** Keys that got a placeholder because the file holds them encrypted or lacks them. */
    placeholders: string[];
}

/** Visible stand-ins for secrets that cannot be decrypted offline; each passes the same validation as a real value. */
export const PLACEHOLDERS: Record<string, string> = {
    "platform:dockerHubToken": "PLACEHOLDER-dockerHubToken-not-decrypted",
    "platform:mongoUrl": "mongodb+srv://placeholder:placeholder@placeholder.invalid/storefront",
    "platform:mongoOplogUrl": "mongodb+srv://placeholder:placeholder@placeholder.invalid/local",
};
const placeholderFor = (key: string) => PLACEHOLDERS[key] ?? `PLACEHOLDER-${key.split(":")[1]}-not-decrypted-000000`;

/** Turns a stack file's `config:` map into the strings Pulumi hands a program. */
export function toProgramConfig(map: Record<string, unknown>): StackConfig {
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    const placeholders: string[] = [];
    for (const [key, value] of Object.entries(map)) {
        if (value && typeof value === "object" && "secure" in (value as object)) {
            config[key] = placeholderFor(key);
            secretKeys.push(key);
            placeholders.push(key);
        } else {
            config[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    for (const short of REQUIRED_SECRETS) {
        const key = `platform:${short}`;
        if (config[key] === undefined) {
            config[key] = placeholderFor(key);
            secretKeys.push(key);
            placeholders.push(key);
        }
    }
    return { config, secretKeys, placeholders };
}

export function readStackFile(stack: string, dir = ROOT): StackConfig {
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file))
        throw new Error(`no stack file ${file}: create it with pulumi stack init ${stack} (README, "A new environment")`);
    const doc = (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    return toProgramConfig(doc.config ?? {});
}
