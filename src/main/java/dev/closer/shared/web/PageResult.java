package dev.closer.shared.web;

import java.util.List;
import java.util.function.Function;

/** One page of a list, with what a pager needs. Pages count from 0. */
public record PageResult<T>(List<T> items, int page, int size, long total) {

	public int totalPages() {
		return size == 0 ? 0 : (int) ((total + size - 1) / size);
	}

	public boolean hasNext() {
		return page + 1 < totalPages();
	}

	public boolean hasPrevious() {
		return page > 0;
	}

	public <R> PageResult<R> map(Function<T, R> mapper) {
		return new PageResult<>(items.stream().map(mapper).toList(), page, size, total);
	}

	/** Clamps a requested page size to 1..200 (default 25). */
	public static int size(Integer requested) {
		if (requested == null || requested <= 0) {
			return 25;
		}
		return Math.min(requested, 200);
	}
}
