package com.acme.helpdesk.web;

import com.acme.helpdesk.db.JdbcHelper;
import com.acme.helpdesk.repository.TicketRepository;
import com.acme.helpdesk.service.TicketService;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

@WebServlet(urlPatterns = "/tickets/*")
public class TicketServlet extends HttpServlet {
    private final ObjectMapper mapper = new ObjectMapper();
    private JdbcHelper jdbc;
    private TicketService service;

    @Override
    public void init() throws ServletException {
        try {
            DataSource ds = (DataSource) new InitialContext().lookup("java:comp/env/jdbc/helpdesk");
            jdbc = new JdbcHelper(ds);
            service = new TicketService(new TicketRepository(jdbc));
        } catch (NamingException e) {
            throw new ServletException("jdbc/helpdesk is not bound", e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        try {
            Object body = route(path, req);
            if (body == null) {
                resp.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            resp.setContentType("application/json");
            mapper.writeValue(resp.getOutputStream(), body);
        } catch (IllegalArgumentException e) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        } catch (SQLException e) {
            log("ticket query failed", e);
            resp.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        }
    }

    private Object route(String path, HttpServletRequest req) throws SQLException {
        return switch (path) {
            case "/" -> service.recent(req.getParameter("limit"));
            case "/sorted" -> service.sorted(req.getParameter("sort"));
            case "/search" -> service.search(req.getParameter("q"));
            case "/assignee" -> service.byAssignee(req.getParameter("user"));
            case "/project" -> service.byProject(req.getParameter("key"));
            case "/labels" -> service.byLabels(listParam(req, "label"));
            case "/filter" -> service.filter(req.getParameter("status"), req.getParameter("priority"),
                    req.getParameter("since"));
            case "/export" -> service.filterSafe(req.getParameter("status"), req.getParameter("priority"));
            case "/batch" -> service.byIds(parseIds(req.getParameter("ids")));
            case "/reporter" -> {
                String reporter = req.getParameter("name");
                yield jdbc.queryForList("SELECT id, title, status FROM tickets WHERE reporter = '" + reporter + "'"); // expect: sql-injection
            }
            case "/comments" -> jdbc.queryForList(
                    "SELECT id, author, body, created_at FROM ticket_comments WHERE ticket_id = ? ORDER BY created_at",
                    Long.parseLong(req.getParameter("ticket")));
            default -> service.get(Long.parseLong(path.substring(1))).orElse(null);
        };
    }

    private static List<String> listParam(HttpServletRequest req, String name) {
        String[] values = req.getParameterValues(name);
        return values == null ? List.of() : Arrays.asList(values);
    }

    private static List<Long> parseIds(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        return Arrays.stream(raw.split(",")).map(String::trim).map(Long::valueOf).toList();
    }
}
