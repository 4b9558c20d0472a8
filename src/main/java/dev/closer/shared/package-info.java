/**
 * Shared kernel: the few types every module speaks (current user, data scope, audit log,
 * idempotency, problem responses, web layout). Open to all modules; depends on none.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN,
		displayName = "Shared kernel")
package dev.closer.shared;
