export { PodIdentityRole, PodIdentityRoleArgs } from "./pod-identity";
