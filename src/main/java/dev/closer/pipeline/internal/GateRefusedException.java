package dev.closer.pipeline.internal;

import java.util.List;

import org.springframework.http.HttpStatus;

import dev.closer.shared.problem.BusinessException;

/**
 * The gate refused a stage move (SPEC O2): 409 naming the stage, with every missing requirement. Nothing was
 * changed.
 */
class GateRefusedException extends BusinessException {

	private final transient List<Gate.Check> missing;

	private final String stageCode;

	GateRefusedException(String stageCode, String stageName, List<Gate.Check> missing) {
		super(HttpStatus.CONFLICT, (String) null, "error.gate.refused", stageName, missing.size());
		this.stageCode = stageCode;
		this.missing = List.copyOf(missing);
	}

	List<Gate.Check> missing() {
		return missing;
	}

	String stageCode() {
		return stageCode;
	}
}
