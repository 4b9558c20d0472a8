package dev.closer.leads.internal.sla;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a rep did on a lead (recorded through {@code POST /api/leads/{id}/actions}). Ladder steps name
 * the kinds that stop them; the recycling breaker names the kinds that count as a valid action.
 */
public enum ActionKind {

	/** A call the customer picked up (通话). */
	CALL_ANSWERED,

	/** A call that did not connect. */
	CALL_UNANSWERED,

	/** A WeChat conversation. */
	WECHAT,

	SMS,

	EMAIL,

	/** A visit record (拜访记录). */
	VISIT,

	/** The rep updated the lead's status (qualified, waiting, ...). */
	STATUS_UPDATE,

	/** A note without contact. */
	NOTE;

	/** Reaching the customer: the first of these is the lead's first response (SPEC S5). */
	public static final Set<ActionKind> CONTACT = EnumSet.of(CALL_ANSWERED, CALL_UNANSWERED, WECHAT, SMS, EMAIL, VISIT);

	/** A reply the customer received (a call attempt alone is not a reply). */
	public static final Set<ActionKind> REPLY = EnumSet.of(CALL_ANSWERED, WECHAT, SMS, EMAIL, VISIT);

	/** Seed 000: "有效动作(通话/微信/拜访记录)". */
	public static final Set<ActionKind> VALID = EnumSet.of(CALL_ANSWERED, WECHAT, VISIT);

	public int bit() {
		return 1 << ordinal();
	}

	public static int mask(Collection<ActionKind> kinds) {
		int mask = 0;
		for (ActionKind kind : kinds) {
			mask |= kind.bit();
		}
		return mask;
	}

	public static Set<ActionKind> of(int mask) {
		EnumSet<ActionKind> kinds = EnumSet.noneOf(ActionKind.class);
		for (ActionKind kind : values()) {
			if ((mask & kind.bit()) != 0) {
				kinds.add(kind);
			}
		}
		return kinds;
	}
}
