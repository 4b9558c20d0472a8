package dev.closer.shared.security;

/** The roles of SPEC §0. A user may hold several. */
public enum Role {
	ADMIN, DIRECTOR, MANAGER, REP, PRESALES, DELIVERY, AFTER_SALES, LEGAL, FINANCE, MARKETING;

	public String authority() {
		return "ROLE_" + name();
	}
}
