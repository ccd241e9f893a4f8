from django.urls import path, re_path

from negotiations import feeds, views
from negotiations.comparison import views as comparison_views
from negotiations.exports import views as export_views

app_name = "negotiations"

urlpatterns = [
    path("", comparison_views.compare, name="compare"),
    path("processes/", comparison_views.processes, name="processes"),
    re_path(r"^export\.(?P<fmt>csv|xlsx|json|md)$", export_views.export, name="export"),
    path("export/statements.csv", export_views.export_statements, name="export_statements"),
    path("rows/<slug:slug>/", comparison_views.rows, name="rows"),
    path("cells/<slug:topic_slug>/<slug:party_slug>/", comparison_views.cell, name="cell"),
    path("parties/<slug:slug>/", views.party, name="party"),
    path("people/<slug:slug>/", views.person, name="person"),
    path("topics/<slug:slug>/", views.topic, name="topic"),
    path("proposals/<slug:slug>/", views.proposal, name="proposal"),
    path("statements/<int:pk>/", views.statement, name="statement"),
    path("changes/", views.changes, name="changes"),
    path("search/", views.search, name="search"),
    path("methodology/", views.methodology, name="methodology"),
    path("feeds/statements/", feeds.StatementsFeed(), name="feed_statements"),
    path("feeds/parties/<slug:slug>/", feeds.PartyStatementsFeed(), name="feed_party"),
    path("feeds/topics/<slug:slug>/", feeds.TopicStatementsFeed(), name="feed_topic"),
    path("feeds/processes/<slug:slug>/", feeds.ProcessStatementsFeed(), name="feed_process"),
]
