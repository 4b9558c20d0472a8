package dev.closer.support;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

/** Small helpers for API tests: obtain a bearer token for a demo user. */
public final class Api {

	public static final String DEMO_PASSWORD = "closer";

	private Api() {
	}

	public static String token(MockMvc mvc, String username) throws Exception {
		return token(mvc, username, DEMO_PASSWORD);
	}

	public static String token(MockMvc mvc, String username, String password) throws Exception {
		String body = mvc.perform(post("/api/auth/token").contentType(MediaType.APPLICATION_JSON)
				.content("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"))
			.andReturn().getResponse().getContentAsString();
		return "Bearer " + JsonPath.read(body, "$.token");
	}
}
