from django import forms

from bureau.models import CalendarDay
from bureau.widgets import DateInput


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name"]
        widgets = {"date": DateInput(), "kind": forms.RadioSelect}

    def validate_unique(self):
        # One kind per date is the service's rule, said in its own words (calendar_day_save).
        pass
