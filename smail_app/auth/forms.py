from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Optional

from smail_app.auth.models import Gender, Role
from smail_app.i18n import lazy_gettext as _l

# No gender is preselected: a forgotten field must not silently count as a woman or a man
# in the gender statistics. The empty first choice fails InputRequired.
GENDER_CHOICES = [SelectChoice("", _l("Välj kön")), *Gender.choices()]


class LoginForm(FlaskForm):
    login = StringField(_l("E-post eller användarnamn"),
                        validators=[DataRequired(_l("Skriv din e-post eller ditt användarnamn.")),
                                    Length(max=254)])
    password = PasswordField(_l("Lösenord"),
                             validators=[DataRequired(_l("Skriv ditt lösenord.")),
                                         Length(max=128)])
    next = HiddenField()


class TotpForm(FlaskForm):
    code = StringField(_l("Kod från din app"),
                       validators=[DataRequired(_l("Skriv den sexsiffriga koden.")),
                                   Length(min=6, max=8, message=_l("Koden har sex siffror."))])


class SignInCodeForm(FlaskForm):
    """The code at sign-in: from the app, or one of the recovery codes for a lost phone."""

    code = StringField(_l("Kod från din app"),
                       description=_l("Har du inte telefonen? Skriv en av dina reservkoder."),
                       validators=[DataRequired(_l("Skriv den sexsiffriga koden eller en "
                                                   "reservkod.")),
                                   Length(min=6, max=20,
                                          message=_l("Skriv den sexsiffriga koden eller en "
                                                     "reservkod."))])


class RecoveryCodesForm(FlaskForm):
    password = PasswordField(_l("Ditt lösenord"),
                             validators=[DataRequired(_l("Skriv ditt lösenord.")),
                                         Length(max=128)])


class _NewPasswordMixin:
    password = PasswordField(_l("Välj lösenord"),
                             description=_l("Minst 8 tecken."),
                             validators=[DataRequired(_l("Välj ett lösenord.")),
                                         Length(min=8, max=128,
                                                message=_l("Välj ett lösenord med 8–128 tecken."))])
    password_again = PasswordField(_l("Skriv lösenordet igen"),
                                   validators=[DataRequired(_l("Skriv lösenordet en gång till.")),
                                               EqualTo("password",
                                                       _l("Lösenorden är inte likadana."))])


class StaffAccountForm(_NewPasswordMixin, FlaskForm):
    display_name = StringField(_l("Ditt namn"),
                               validators=[DataRequired(_l("Skriv ditt namn.")), Length(max=120)])
    gender = SelectField(_l("Kön"), choices=GENDER_CHOICES,
                         description=_l("Används bara i könsuppdelad statistik."),
                         validators=[InputRequired(_l("Välj ett alternativ."))])


class SetupForm(StaffAccountForm):
    email = EmailField(_l("E-post"), validators=[
        DataRequired(_l("Skriv din e-postadress.")),
        Email(_l("Skriv en e-postadress som namn@exempel.se."), check_deliverability=False),
        Length(max=254)])


class ParticipantAccountForm(_NewPasswordMixin, FlaskForm):
    username = StringField(
        _l("Välj användarnamn"),
        description=_l("3–40 tecken. Använd a–z, siffror, punkt, bindestreck eller understreck. "
                       "Du loggar in med det."),
        validators=[DataRequired(_l("Välj ett användarnamn.")), Length(max=40)])


class NewPasswordForm(_NewPasswordMixin, FlaskForm):
    pass


class _RoleChoice:
    role_admin = BooleanField(Role.ADMIN.lazy_label)
    role_utbildare = BooleanField(Role.UTBILDARE.lazy_label)
    role_handledare = BooleanField(Role.HANDLEDARE.lazy_label)

    def chosen_roles(self) -> list[Role]:
        return [role for role in Role if getattr(self, f"role_{role}").data]


class StaffInviteForm(_RoleChoice, FlaskForm):
    email = EmailField(_l("E-post"), validators=[
        DataRequired(_l("Skriv e-postadressen.")),
        Email(_l("Skriv en e-postadress som namn@exempel.se."), check_deliverability=False),
        Length(max=254)])
    organisation = SelectField(_l("Organisation"), coerce=str, validators=[Optional()])


class StaffRolesForm(_RoleChoice, FlaskForm):
    """An existing staff account's roles, changed by the admin."""


class ChangePasswordForm(_NewPasswordMixin, FlaskForm):
    current_password = PasswordField(_l("Nuvarande lösenord"),
                                     validators=[DataRequired(_l("Skriv ditt nuvarande lösenord.")),
                                                 Length(max=128)])
    password = PasswordField(_l("Nytt lösenord"),
                             description=_l("Minst 8 tecken."),
                             validators=[DataRequired(_l("Välj ett lösenord.")),
                                         Length(min=8, max=128,
                                                message=_l("Välj ett lösenord med 8–128 tecken."))])
