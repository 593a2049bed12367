"""The lists of enforcement documents: the register of all of them, the enterprises ordered to suspend, the fines.

Each selects exactly what its dashboard figure counts (inspections.figures): current documents (not superseded)
issued in the period, within what the viewer may see."""

from django.db.models import Sum
from django_filters.views import FilterView

from bureau.pagination import KeysetListMixin
from bureau.roles import require
from inspections import permissions
from inspections.enforcement.filters import DocumentFilter, FineFilter, SuspensionFilter
from inspections.enforcement.money import ten_thousands
from inspections.enforcement.specs import DocumentKind


class _DocumentListView(FilterView):
    paginate_by = 50
    strict = False

    def dispatch(self, request, *args, **kwargs):
        require(permissions.can_see_enforcement(request.user), "查看执法文书")
        return super().dispatch(request, *args, **kwargs)

    def documents(self):
        return permissions.visible_documents(self.request.user)

    def current(self):
        return self.documents().filter(superseded_by__isnull=True)


class DocumentRegisterView(KeysetListMixin, _DocumentListView):
    filterset_class = DocumentFilter
    template_name = "inspections/documents/register.html"

    def get_queryset(self):
        return self.documents().select_related("enterprise", "issued_by", "superseded_by").order_by("-issued_at", "-id")


class SuspensionListView(_DocumentListView):
    """One row per enterprise with a current document ordering it to suspend (责令暂时停产停业) in the period."""

    filterset_class = SuspensionFilter
    template_name = "inspections/documents/suspensions.html"

    def get_queryset(self):
        return self.current().filter(suspends=True)


class FineListView(_DocumentListView):
    """The current penalty decisions (行政处罚决定) of the period, with the sum of their fines in 万元."""

    filterset_class = FineFilter
    template_name = "inspections/documents/fines.html"

    def get_queryset(self):
        return (
            self.current()
            .filter(kind=DocumentKind.PENALTY_DECISION)
            .select_related("enterprise")
            .order_by("-issued_at", "-id")
        )

    def get_context_data(self, **kwargs):
        # Over every decision the filters select, not the page shown.
        total = self.object_list.aggregate(total=Sum("fine_amount"))["total"]
        return super().get_context_data(fines_total=ten_thousands(total), **kwargs)
