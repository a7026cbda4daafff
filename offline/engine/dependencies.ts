import type { RecordedResource, Registry } from "./registry";

/**
 * Everything `r` waits for, as the Pulumi SDK computes it: its explicit dependsOn, where a component stands for every
 * resource below it (getAllTransitivelyReferencedResourceURNs), and so on through what those wait for. A component's
 * own dependsOn is not passed to its children by Pulumi, so parents add nothing by themselves.
 */
export function waitsFor(reg: Registry, r: RecordedResource): Set<string> {
    const seen = new Set<string>();
    const queue = [...r.dependsOn];
    while (queue.length > 0) {
        const key = queue.pop()!;
        if (seen.has(key)) continue;
        seen.add(key);
        const dep = reg.byKey(key);
        if (!dep) continue;
        queue.push(...dep.dependsOn);
        if (!dep.custom) for (const child of reg.descendantsOf(dep)) queue.push(child.key);
    }
    return seen;
}
