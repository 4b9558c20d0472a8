/**
 * Identity (SPEC P1, P2, N5): org tree, users, roles, account status, data scopes, sign-in and
 * API tokens, HR status sync. Depends only on the shared kernel.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package dev.closer.identity;
