package dev.closer.shared.web;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Builds links to the current page with one query parameter changed (pagers, sort headers). */
@Component("pageLinks")
public class PageLinks {

	public String with(String param, Object value) {
		return ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam(param, value).build().toUriString();
	}

	/** A sort link: sorting by the same column again flips the direction; the page resets. */
	public String sort(String column, String currentSort, String currentDir) {
		String dir = column.equals(currentSort) && !"desc".equalsIgnoreCase(currentDir) ? "desc" : "asc";
		return ServletUriComponentsBuilder.fromCurrentRequest()
			.replaceQueryParam("sort", column)
			.replaceQueryParam("dir", dir)
			.replaceQueryParam("page", 0)
			.build()
			.toUriString();
	}
}
