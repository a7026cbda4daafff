import { Rule } from "../types";

/** Client VPN rules (N6 of ../shared/security-checklist.md). */
export const vpnRules: Rule[] = [];
