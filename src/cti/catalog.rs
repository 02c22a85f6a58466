//! The CTI/ARM catalogue: message type names, floating-field tags, enumerations and the fixed-part
//! layouts we know, each with how sure we are of it.
//!
//! Sources are the research notes in `shared/reference/cti-arm-protocol.md`: type numbers and
//! session layouts are from Cisco's CTI Server Message Reference Guide (confirmed); the ARM layouts
//! come only from the four seed dumps (inferred); everything else is shown raw (unconfirmed).

use super::WireType;
use crate::agent_state::AgentState;
use crate::confidence::Confidence;

/// Catalogue name of a message type number, `None` if the number is not in the reference.
pub fn type_name(t: u32) -> Option<&'static str> {
    let i = usize::try_from(t).ok()?;
    if (1..=215).contains(&i) {
        let n = TYPES_1_215[i - 1];
        return if n.is_empty() { None } else { Some(n) };
    }
    Some(match t {
        230 => "CONFIG_REQUEST_KEY_EVENT",
        231 => "CONFIG_KEY_EVENT",
        232 => "CONFIG_REQUEST_EVENT",
        233 => "CONFIG_BEGIN_EVENT",
        234 => "CONFIG_END_EVENT",
        235 => "CONFIG_SERVICE_EVENT",
        236 => "CONFIG_SKILL_GROUP_EVENT",
        237 => "CONFIG_AGENT_EVENT",
        238 => "CONFIG_DEVICE_EVENT",
        242 => "TEAM_CONFIG_REQ",
        243 => "TEAM_CONFIG_EVENT",
        244 => "TEAM_CONFIG_CONF",
        245 => "CONFIG_CALL_TYPE_EVENT",
        254 => "CONFIG_MRD_EVENT",
        255 => "GET_AGENT_TASKS_REQ",
        256 => "AGENT_TASKS_RESP",
        257 => "SNAPSHOT_TASK_REQ",
        258 => "SNAPSHOT_TASK_RESP",
        259 => "RESERVED_259",
        260 => "CONFIG_PERIPHERAL_EVENT",
        261 => "CONFIG_AGENT_DESK_SETTINGS_EVENT",
        262 => "AGENT_TASKS_EVENT",
        263 => "SNAPSHOT_TASK_EVENT",
        264 => "AGENT_TASKS_REQUEST_EVENT",
        265 => "AGENT_TASKS_END_EVENT",
        266 => "DESKTOP_CONNECTED_IND",
        276 => "CONFIG_TERMINAL_EVENT",
        282 => "CONFIG_AGENT_SERVICE_EVENT",
        _ => return None,
    })
}

/// Type number of a catalogue name (exact, case-insensitive).
pub fn type_number(name: &str) -> Option<u32> {
    all_types()
        .find(|(_, n)| n.eq_ignore_ascii_case(name))
        .map(|(t, _)| t)
}

/// Every (type number, name) in the catalogue, in number order.
pub fn all_types() -> impl Iterator<Item = (u32, &'static str)> {
    (1u32..=300).filter_map(|t| type_name(t).map(|n| (t, n)))
}

/// Names for 1..=215, index = type − 1; empty = reserved.
const TYPES_1_215: [&str; 215] = [
    "FAILURE_CONF",
    "FAILURE_EVENT",
    "OPEN_REQ",
    "OPEN_CONF",
    "HEARTBEAT_REQ",
    "HEARTBEAT_CONF",
    "CLOSE_REQ",
    "CLOSE_CONF",
    "CALL_DELIVERED_EVENT",
    "CALL_ESTABLISHED_EVENT",
    "CALL_HELD_EVENT",
    "CALL_RETRIEVED_EVENT",
    "CALL_CLEARED_EVENT",
    "CALL_CONNECTION_CLEARED_EVENT",
    "CALL_ORIGINATED_EVENT",
    "CALL_FAILED_EVENT",
    "CALL_CONFERENCED_EVENT",
    "CALL_TRANSFERRED_EVENT",
    "CALL_DIVERTED_EVENT",
    "CALL_SERVICE_INITIATED_EVENT",
    "CALL_QUEUED_EVENT",
    "CALL_TRANSLATION_ROUTE_EVENT",
    "BEGIN_CALL_EVENT",
    "END_CALL_EVENT",
    "CALL_DATA_UPDATE_EVENT",
    "SET_CALL_DATA_REQ",
    "SET_CALL_DATA_CONF",
    "RELEASE_CALL_REQ",
    "RELEASE_CALL_CONF",
    "AGENT_STATE_EVENT",
    "SYSTEM_EVENT",
    "CLIENT_EVENT_REPORT_REQ",
    "CLIENT_EVENT_REPORT_CONF",
    "CALL_REACHED_NETWORK_EVENT",
    "CONTROL_FAILURE_CONF",
    "QUERY_AGENT_STATE_REQ",
    "QUERY_AGENT_STATE_CONF",
    "SET_AGENT_STATE_REQ",
    "SET_AGENT_STATE_CONF",
    "ALTERNATE_CALL_REQ",
    "ALTERNATE_CALL_CONF",
    "ANSWER_CALL_REQ",
    "ANSWER_CALL_CONF",
    "CLEAR_CALL_REQ",
    "CLEAR_CALL_CONF",
    "CLEAR_CONNECTION_REQ",
    "CLEAR_CONNECTION_CONF",
    "CONFERENCE_CALL_REQ",
    "CONFERENCE_CALL_CONF",
    "CONSULTATION_CALL_REQ",
    "CONSULTATION_CALL_CONF",
    "DEFLECT_CALL_REQ",
    "DEFLECT_CALL_CONF",
    "HOLD_CALL_REQ",
    "HOLD_CALL_CONF",
    "MAKE_CALL_REQ",
    "MAKE_CALL_CONF",
    "MAKE_PREDICTIVE_CALL_REQ",
    "MAKE_PREDICTIVE_CALL_CONF",
    "RECONNECT_CALL_REQ",
    "RECONNECT_CALL_CONF",
    "RETRIEVE_CALL_REQ",
    "RETRIEVE_CALL_CONF",
    "TRANSFER_CALL_REQ",
    "TRANSFER_CALL_CONF",
    "", // 66 reserved
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "", // 77
    "QUERY_DEVICE_INFO_REQ",
    "QUERY_DEVICE_INFO_CONF",
    "", // 80
    "", // 81
    "SNAPSHOT_CALL_REQ",
    "SNAPSHOT_CALL_CONF",
    "SNAPSHOT_DEVICE_REQ",
    "SNAPSHOT_DEVICE_CONF",
    "CALL_DEQUEUED_EVENT",
    "", // 87
    "",
    "",
    "", // 90
    "SEND_DTMF_SIGNAL_REQ",
    "SEND_DTMF_SIGNAL_CONF",
    "MONITOR_START_REQ",
    "MONITOR_START_CONF",
    "MONITOR_STOP_REQ",
    "MONITOR_STOP_CONF",
    "CHANGE_MONITOR_MASK_REQ",
    "CHANGE_MONITOR_MASK_CONF",
    "CLIENT_SESSION_OPENED_EVENT",
    "CLIENT_SESSION_CLOSED_EVENT",
    "SESSION_MONITOR_START_REQ",
    "SESSION_MONITOR_START_CONF",
    "SESSION_MONITOR_STOP_REQ",
    "SESSION_MONITOR_STOP_CONF",
    "AGENT_PRE_CALL_EVENT",
    "AGENT_PRE_CALL_ABORT_EVENT",
    "USER_MESSAGE_REQ",
    "USER_MESSAGE_CONF",
    "USER_MESSAGE_EVENT",
    "REGISTER_VARIABLES_REQ",
    "REGISTER_VARIABLES_CONF",
    "QUERY_AGENT_STATISTICS_REQ",
    "QUERY_AGENT_STATISTICS_CONF",
    "QUERY_SKILL_GROUP_STATISTICS_REQ",
    "QUERY_SKILL_GROUP_STATISTICS_CONF",
    "RTP_STARTED_EVENT",
    "RTP_STOPPED_EVENT",
    "SUPERVISOR_ASSIST_REQ",
    "SUPERVISOR_ASSIST_CONF",
    "SUPERVISOR_ASSIST_EVENT",
    "EMERGENCY_CALL_REQ",
    "EMERGENCY_CALL_CONF",
    "EMERGENCY_CALL_EVENT",
    "SUPERVISE_CALL_REQ",
    "SUPERVISE_CALL_CONF",
    "AGENT_TEAM_CONFIG_REQ",
    "AGENT_TEAM_CONFIG_CONF",
    "AGENT_TEAM_CONFIG_EVENT",
    "SET_APP_DATA_REQ",
    "SET_APP_DATA_CONF",
    "AGENT_DESK_SETTINGS_REQ",
    "AGENT_DESK_SETTINGS_CONF",
    "LIST_AGENT_TEAM_REQ",
    "LIST_AGENT_TEAM_CONF",
    "MONITOR_AGENT_TEAM_START_REQ",
    "MONITOR_AGENT_TEAM_START_CONF",
    "MONITOR_AGENT_TEAM_STOP_REQ",
    "MONITOR_AGENT_TEAM_STOP_CONF",
    "BAD_CALL_REQ",
    "BAD_CALL_CONF",
    "SET_DEVICE_ATTRIBUTES_REQ",
    "SET_DEVICE_ATTRIBUTES_CONF",
    "REGISTER_SERVICE_REQ",
    "REGISTER_SERVICE_CONF",
    "UNREGISTER_SERVICE_REQ",
    "UNREGISTER_SERVICE_CONF",
    "START_RECORDING_REQ",
    "START_RECORDING_CONF",
    "STOP_RECORDING_REQ",
    "STOP_RECORDING_CONF",
    "MEDIA_LOGIN_REQ", // 151
    "MEDIA_LOGIN_RESP",
    "MEDIA_LOGOUT_IND",
    "MAKE_AGENT_ROUTABLE_IND",
    "MAKE_AGENT_NOT_ROUTABLE_REQ",
    "MAKE_AGENT_NOT_ROUTABLE_RESP",
    "MAKE_AGENT_READY_IND",
    "MAKE_AGENT_NOT_READY_REQ",
    "MAKE_AGENT_NOT_READY_RESP",
    "OFFER_TASK_IND", // 160
    "OFFER_APPLICATION_TASK_REQ",
    "OFFER_APPLICATION_TASK_RESP",
    "START_TASK_IND",
    "START_APPLICATION_TASK_REQ",
    "START_APPLICATION_TASK_RESP",
    "PAUSE_TASK_IND",
    "RESUME_TASK_IND",
    "WRAPUP_TASK_IND",
    "END_TASK_IND",
    "AGENT_MADE_NOT_ROUTABLE_EVENT", // 170
    "AGENT_INTERRUPT_ADVISORY_EVENT",
    "AGENT_INTERRUPT_ACCEPTED_IND",
    "AGENT_INTERRUPT_UNACCEPTED_IND",
    "AGENT_INTERRUPT_DONE_ADVISORY_EVENT",
    "AGENT_INTERRUPT_DONE_ACCEPTED_IND",
    "CHANGE_MAX_TASK_LIMIT_REQ",
    "CHANGE_MAX_TASK_LIMIT_RESP",
    "OVERRIDE_LIMIT_REQ",
    "OVERRIDE_LIMIT_RESP",
    "UPDATE_TASK_CONTEXT_IND", // 180
    "BEGIN_AGENT_INIT_IND",
    "AGENT_INIT_REQ",
    "AGENT_INIT_RESP",
    "END_AGENT_INIT_IND",
    "TASK_INIT_IND",
    "AGENT_INIT_READY_EVENT",
    "GET_PRECALL_MESSAGES_REQ",
    "GET_PRECALL_MESSAGES_RESP",
    "AGENT_LEGACY_PRE_CALL_EVENT",
    "FAILURE_RESP", // 190
    "BEGIN_TASK_EVENT",
    "QUEUED_TASK_EVENT",
    "DEQUEUED_TASK_EVENT",
    "OFFER_TASK_EVENT",
    "START_TASK_EVENT",
    "PAUSE_TASK_EVENT",
    "RESUME_TASK_EVENT",
    "WRAPUP_TASK_EVENT",
    "END_TASK_EVENT",
    "TASK_DATA_UPDATE_EVENT", // 200
    "TASK_MONITOR_START_REQ",
    "TASK_MONITOR_START_CONF",
    "TASK_MONITOR_STOP_REQ",
    "TASK_MONITOR_STOP_CONF",
    "CHANGE_TASK_MONITOR_MASK_REQ",
    "CHANGE_TASK_MONITOR_MASK_CONF",
    "MAX_TASK_LIFETIME_EXCEEDED_EVENT",
    "SET_APP_PATH_DATA_IND",
    "TASK_INIT_REQ",
    "TASK_INIT_RESP", // 210
    "ROUTE_REGISTER_EVENT",
    "ROUTE_REGISTER_REPLY_EVENT",
    "ROUTE_REQUEST_EVENT",
    "ROUTE_SELECT",
    "ROUTE_END",
];

/// True for the ARM client-interface messages (151–190, 208–210) whose body, as far as the seed
/// dumps show, starts with InvokeID, MRDID, ICMAgentID.
pub fn is_arm_client_message(t: u32) -> bool {
    (151..=190).contains(&t) || (208..=210).contains(&t)
}

/// How a floating field's data is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    /// NUL-terminated ASCII; the NUL is counted in the length.
    Str,
    U32,
    I32,
    U16,
    /// Seconds since 1970 (UINT).
    Time,
    /// Opaque bytes, shown as hex.
    Bytes,
    /// Type not published: a NUL-terminated printable run is read as text, 2/4 bytes as a number.
    Auto,
    /// NAMEDVAR: name\0value\0.
    NamedVar,
    /// NAMEDARRAY: UCHAR index, name\0value\0.
    NamedArray,
}

/// A floating-field tag as the catalogue knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TagInfo {
    pub name: &'static str,
    pub kind: TagKind,
    /// Confidence in the tag's name (and kind).
    pub confidence: Confidence,
}

/// The catalogue entry of a floating-field tag, `None` if unknown.
pub fn tag_info(tag: u16) -> Option<TagInfo> {
    use TagKind::*;
    let c = Confidence::Confirmed;
    let (name, kind, confidence) = match tag {
        1 => ("ClientID", Str, c),
        2 => ("ClientPassword", Bytes, c),
        3 => ("ClientSignature", Str, c),
        4 => ("AgentExtension", Str, c),
        5 => ("AgentID", Str, c),
        6 => ("AgentInstrument", Str, c),
        7 => ("Text", Str, c),
        8 => ("ANI", Str, c),
        9 => ("UserToUserInfo", Bytes, c),
        10 => ("DNIS", Str, c),
        11 => ("DialedNumber", Str, c),
        12 => ("CallerEnteredDigits", Str, c),
        13 => ("CallVariable1", Str, c),
        14 => ("CallVariable2", Str, c),
        15 => ("CallVariable3", Str, c),
        16 => ("CallVariable4", Str, c),
        17 => ("CallVariable5", Str, c),
        18 => ("CallVariable6", Str, c),
        19 => ("CallVariable7", Str, c),
        20 => ("CallVariable8", Str, c),
        21 => ("CallVariable9", Str, c),
        22 => ("CallVariable10", Str, c),
        23 => ("CTIClientSignature", Str, c),
        24 => ("CTIClientTimestamp", Time, c),
        25 => ("ConnectionDeviceID", Str, c),
        26 => ("AlertingDeviceID", Str, c),
        27 => ("CallingDeviceID", Str, c),
        28 => ("CalledDeviceID", Str, c),
        29 => ("LastRedirectDeviceID", Str, c),
        30 => ("AnsweringDeviceID", Str, c),
        31 => ("HoldingDeviceID", Str, c),
        32 => ("RetrievingDeviceID", Str, c),
        33 => ("ReleasingDeviceID", Str, c),
        34 => ("FailingDeviceID", Str, c),
        35 => ("PrimaryDeviceID", Str, c),
        36 => ("SecondaryDeviceID", Str, c),
        37 => ("ControllerDeviceID", Str, c),
        38 => ("AddedPartyDeviceID", Str, c),
        39 => ("PartyCallID", U32, c),
        40 => ("PartyDeviceIDType", U16, c),
        41 => ("PartyDeviceID", Str, c),
        42 => ("TransferringDeviceID", Str, c),
        43 => ("TransferredDeviceID", Str, c),
        44 => ("DivertingDeviceID", Str, c),
        45 => ("QueueDeviceID", Str, c),
        46 => ("CallWrapupData", Str, c),
        47 => ("NewConnectionDeviceID", Str, c),
        48 => ("TrunkUsedDeviceID", Str, c),
        49 => ("AgentPassword", Bytes, c),
        50 => ("ActiveConnDeviceID", Str, c),
        51 => ("FacilityCode", Str, c),
        52 => ("OtherConnDeviceID", Str, c),
        53 => ("HeldConnDeviceID", Str, c),
        56 => ("CallConnectionCallID", U32, c),
        57 => ("CallConnectionDeviceIDType", U16, c),
        58 => ("CallConnectionDeviceID", Str, c),
        59 => ("CallDeviceIDType", U16, c),
        60 => ("CallDeviceID", Str, c),
        61 => ("CallDeviceConnectionState", U16, c),
        62 => ("SkillGroupNumber", U32, c),
        63 => ("SkillGroupID", U32, c),
        64 => ("SkillGroupPriority", U16, c),
        65 => ("SkillGroupState", U16, c),
        66 => ("ObjectName", Str, c),
        67 => ("DTMFString", Str, c),
        68 => ("PositionID", Str, c),
        69 => ("SupervisorID", Str, c),
        70 => ("LineHandle", U16, c),
        71 => ("LineType", U16, c),
        72 => ("RouterCallKeyDay", U32, c),
        73 => ("RouterCallKeyCallID", U32, c),
        75 => ("CallState", U16, c),
        76 => ("MonitoredDeviceID", Str, c),
        77 => ("AuthorizationCode", Str, c),
        78 => ("AccountCode", Str, c),
        79 => ("OriginatingDeviceID", Str, c),
        80 => ("OriginatingLineID", Str, c),
        81 => ("ClientAddress", Str, c),
        82 => ("NamedVariable", NamedVar, c),
        83 => ("NamedArray", NamedArray, c),
        84 => ("CallControlTable", Bytes, c),
        85 => ("SupervisorInstrument", Str, c),
        86 => ("ATCAgentID", Str, c),
        87 => ("AgentFlags", U16, c),
        88 => ("ATCAgentState", U16, c),
        89 => ("ATCStateDuration", U32, c),
        90 => ("AgentConnectionDeviceID", Str, c),
        91 => ("SupervisorConnectionDeviceID", Str, c),
        92 => ("ListTeamID", U32, c),
        93 => ("DefaultDevicePortAddress", Str, c),
        94 => ("ServiceName", Str, c),
        95 => ("CustomerPhoneNumber", Str, c),
        96 => ("CustomerAccountNumber", Str, c),
        97 => ("ApplicationPathID", I32, c),
        99 => ("ScriptSelector", Str, c),
        100 => ("ApplicationString1", Str, c),
        101 => ("ApplicationString2", Str, c),
        // Reserved in every public list; the CTI server trace of the seed login prints it as AgentInfo.
        107 => ("AgentInfo", Str, Confidence::Inferred),
        110 => ("RouterCallKeySequenceNumber", U32, c),
        121 => ("TrunkNumber", U32, c),
        122 => ("TrunkGroupNumber", U32, c),
        123 => ("NextAgentState", U16, c),
        124 => ("DequeueType", U16, c),
        125 => ("SendingAddress", Str, c),
        126 => ("SendingPort", U32, c),
        129 => ("MaxQueued", U32, c),
        130 => ("QueueID", U32, c),
        131 => ("CustomerID", U32, c),
        132 => ("ServiceSkillTargetID", U32, c),
        133 => ("PeripheralName", Str, c),
        134 => ("Description", Str, c),
        135 => ("ServiceMemberID", U32, c),
        136 => ("ServiceMemberPriority", U16, c),
        137 => ("FirstName", Str, c),
        138 => ("LastName", Str, c),
        139 => ("SkillGroup", Auto, c),
        141 => ("AgentSkillTargetID", U32, c),
        142 => ("Service", Auto, c),
        150 => ("Duration", U32, c),
        173 => ("Extension", Str, c),
        174 => ("ServiceLevelThreshold", Auto, c),
        175 => ("ServiceLevelType", Auto, c),
        176 => ("ConfigParam", Str, c),
        177 => ("ServiceConfigKey", Bytes, c),
        178 => ("SkillGroupConfigKey", Bytes, c),
        179 => ("AgentConfigKey", Bytes, c),
        180 => ("DeviceConfigKey", Bytes, c),
        183 => ("RecordType", Auto, c),
        184 => ("PeripheralNumber", U32, c),
        185 => ("AgentSkillTargetID", U32, c),
        186 => ("NumServiceMembers", Auto, c),
        187 => ("ServiceMember", Auto, c),
        188 => ("ServicePriority", Auto, c),
        189 => ("AgentType", Auto, c),
        190 => ("LoginID", Str, c),
        191 => ("NumSkills", Auto, c),
        192 => ("SkillGroupSkillTargetID", U32, c),
        193 => ("ServiceID", U32, c),
        194 => ("AgentIDLong", Str, c),
        195 => ("DeviceType", Auto, c),
        198 => ("Enable", Auto, c),
        199 => ("DeviceID", Str, c),
        200 => ("Timeout", U32, c),
        201 => ("CurrentRoute", Auto, c),
        202 => ("SecondaryConnectionCallID", U32, c),
        203 => ("PriorityQueueNumber", Auto, c),
        204 => ("TeamName", Str, c),
        205 => ("MemberType", Auto, c),
        206 => ("EventDeviceID", Str, c),
        207 => ("LoginName", Str, c),
        208 => ("PeripheralID", U32, c),
        209 => ("CallTypeKeyConfig", Bytes, c),
        210 => ("CallTypeID", U32, c),
        211 => ("CustomerDefinitionID", U32, c),
        212 => ("EnterpriseName", Str, c),
        213 => ("CurPeripheralNumber", U32, c),
        214 => ("CurLoginID", Str, c),
        215 => ("ANI_II", Str, c),
        216 => ("MRDomainID", U32, c),
        217 => ("CTIOSCILClientID", Str, c),
        218 => ("SilentMonitorStatus", U16, c),
        219 => ("RequestingDeviceID", Str, c),
        220 => ("RequestingDeviceIDType", U16, c),
        221 => ("PreCallInvokeID", U32, c),
        222 => ("EnterpriseQueueTime", U32, c),
        223 => ("CallReferenceID", Bytes, c),
        224 => ("MultilineAgentControl", U16, c),
        225 => ("NetworkControlled", U16, c),
        226 => ("ClientAddressIPv6", Str, c),
        227 => ("SendingAddressIPv6", Str, c),
        228 => ("NumPeripherals", U16, c),
        229 => ("COCConnectionCallID", U32, c),
        230 => ("COCConnectionDeviceIDType", U16, c),
        231 => ("COCConnectionDeviceID", Str, c),
        232 => ("CallOriginatedFrom", Auto, c),
        233 => ("SetAppDataCallID", U32, c),
        234 => ("ClientShareKey", Auto, c),
        244 => ("Direction", U32, c),
        246 => ("FltMRDID", Auto, c),
        247 => ("MediaClassID", Auto, c),
        248 => ("TaskLife", Auto, c),
        249 => ("TaskStartTimeout", Auto, c),
        250 => ("MaxTaskDuration", Auto, c),
        251 => ("Interruptible", Auto, c),
        252 => ("MaxCallsInQueue", Auto, c),
        253 => ("MaxCallsInQueuePerCallType", Auto, c),
        254 => ("MaxTimeInQueue", Auto, c),
        255 => ("InternalAgentState", Auto, c),
        258 => ("FltTaskID", Bytes, c),
        259 => ("ICMDisposition", Auto, c),
        260 => ("ApplicationDisposition", Auto, c),
        261 => ("NumMRDs", Auto, c),
        262 => ("FltAgentMRDID", Auto, c),
        263 => ("FltAgentMRDState", Auto, c),
        266 => ("MaxBeyondTaskLimit", U32, c),
        268 => ("TransferInWhileLoggedOut", Auto, c),
        288 => ("DesktopConnectedFlag", Auto, c),
        303 => ("ActiveTerminal", Str, c),
        312 => ("MediaType", Auto, c),
        313 => ("MediaProvider", Auto, c),
        _ => return None,
    };
    Some(TagInfo {
        name,
        kind,
        confidence,
    })
}

/// How a fixed field's number is named when shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    Plain,
    /// AgentState 0..14 (confirmed).
    AgentState,
    /// AgentMode: polarity differs between guide versions, both readings shown.
    AgentMode,
    /// AgentAvailabilityStatus 0..2 (confirmed).
    Availability,
    /// E_CTI_* status code (confirmed).
    CtiStatus,
    /// E_ARM_STAT_* status code (corroborated subset; 0 inferred as success).
    ArmStatus,
    /// PeripheralType (a few values).
    PeripheralType,
    /// OPEN_REQ ServicesRequested / OPEN_CONF ServicesGranted bitmask.
    ServiceMask,
    /// OPEN_CONF PGStatus bitmask.
    PgStatus,
    /// Shown in hex as well (masks).
    Hex,
    /// A NULL_* sentinel may appear (0xFFFFFFFF shown as NULL).
    NullableId,
    /// BOOL false/true.
    Bool,
    /// TIME: seconds since 1970, shown as a UTC date.
    Time,
    /// OPEN_CONF SessionType.
    SessionType,
}

/// One fixed field of a layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: &'static str,
    pub wire: WireType,
    pub meaning: Meaning,
    pub confidence: Confidence,
}

const fn f(
    name: &'static str,
    wire: WireType,
    meaning: Meaning,
    confidence: Confidence,
) -> FieldSpec {
    FieldSpec {
        name,
        wire,
        meaning,
        confidence,
    }
}

const C: Confidence = Confidence::Confirmed;
const I: Confidence = Confidence::Inferred;

/// What we know of a message type's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Fixed fields in order (offsets follow from the sizes).
    pub fields: Vec<FieldSpec>,
    /// `true`: fields are shown only while the body is long enough, the rest is one raw
    /// UNSPEC field (no layout known: nothing is invented).
    pub partial: bool,
    /// `true`: after the fixed part come floating fields.
    pub floating: bool,
    /// Where the layout comes from, for the reader.
    pub note: &'static str,
}

impl Layout {
    pub fn fixed_size(&self) -> usize {
        self.fields.iter().map(|s| s.wire.size()).sum()
    }
}

const TRIPLET_NOTE: &str = "no published layout: InvokeID/MRDID/ICMAgentID inferred from the seed dumps, the rest shown raw";

/// The layout of message type `t`. `pv` is the protocol version when the user set one; a few
/// session messages grew fields over versions (see [`layout_candidates`] for auto-detection).
pub fn layout(t: u32, pv: Option<u32>) -> Layout {
    let cands = layout_candidates(t);
    match pv {
        Some(v) => cands
            .iter()
            .find(|(min, max, _)| v >= *min && v <= *max)
            .or_else(|| cands.last())
            .map(|c| c.2.clone())
            .unwrap_or_else(|| raw_layout(t)),
        None => cands
            .last()
            .map(|c| c.2.clone())
            .unwrap_or_else(|| raw_layout(t)),
    }
}

fn raw_layout(t: u32) -> Layout {
    if is_arm_client_message(t) && !matches!(t, 151 | 152 | 154 | 157) {
        Layout {
            fields: vec![
                f("InvokeID", WireType::Uint, Meaning::Plain, I),
                f("MRDID", WireType::Int, Meaning::Plain, I),
                f("ICMAgentID", WireType::Int, Meaning::Plain, I),
            ],
            partial: true,
            floating: false,
            note: TRIPLET_NOTE,
        }
    } else {
        Layout {
            fields: vec![],
            partial: true,
            floating: false,
            note: "no layout known for this type: body shown raw",
        }
    }
}

/// Every layout a type may have, each with the protocol-version range (inclusive) it applies to.
/// Types without a known layout give the raw layout for all versions.
pub fn layout_candidates(t: u32) -> Vec<(u32, u32, Layout)> {
    use Meaning as M;
    use WireType as W;
    let full = |fields: Vec<FieldSpec>, note: &'static str| Layout {
        fields,
        partial: false,
        floating: true,
        note,
    };
    let all = |l: Layout| vec![(0, u32::MAX, l)];
    match t {
        1 => all(full(
            vec![
                f("InvokeID", W::Uint, M::Plain, C),
                f("Status", W::Uint, M::CtiStatus, C),
            ],
            "CTI guide (PV9–PV17, UCCX)",
        )),
        2 => all(full(
            vec![f("Status", W::Uint, M::CtiStatus, C)],
            "CTI guide",
        )),
        3 => all(full(
            vec![
                f("InvokeID", W::Uint, M::Plain, C),
                f("VersionNumber", W::Uint, M::Plain, C),
                f("IdleTimeout", W::Uint, M::NullableId, C),
                f("PeripheralID", W::Uint, M::NullableId, C),
                f("ServicesRequested", W::Uint, M::ServiceMask, C),
                f("CallMsgMask", W::Uint, M::Hex, C),
                f("AgentStateMask", W::Uint, M::Hex, C),
                f("ConfigMsgMask", W::Uint, M::Hex, C),
                f("Reserved1", W::Uint, M::Plain, C),
                f("Reserved2", W::Uint, M::Plain, C),
                f("Reserved3", W::Uint, M::Plain, C),
            ],
            "CTI guide",
        )),
        4 => {
            let base = vec![
                f("InvokeID", W::Uint, M::Plain, C),
                f("ServicesGranted", W::Uint, M::ServiceMask, C),
                f("MonitorID", W::Uint, M::Plain, C),
                f("PGStatus", W::Uint, M::PgStatus, C),
                f("ICMCentralControllerTime", W::Time, M::Time, C),
                f("PeripheralOnline", W::Bool, M::Bool, C),
                f("PeripheralType", W::Ushort, M::PeripheralType, C),
                f("AgentState", W::Ushort, M::AgentState, C),
            ];
            let mut v19 = base.clone();
            v19.push(f("DepartmentID", W::Int, M::Plain, C));
            let mut v24 = v19.clone();
            v24.push(f("SessionType", W::Ushort, M::SessionType, I));
            vec![
                (0, 18, full(base, "CTI guide, PV ≤ 18 (26-byte fixed part)")),
                (
                    19,
                    23,
                    full(v19, "CTI guide, PV 19–23 (DepartmentID added in PV19)"),
                ),
                (
                    24,
                    u32::MAX,
                    full(
                        v24,
                        "CTI guide, PV ≥ 24 (SessionType; its version is inferred)",
                    ),
                ),
            ]
        }
        5 | 6 | 8 => all(full(vec![f("InvokeID", W::Uint, M::Plain, C)], "CTI guide")),
        7 => all(full(
            vec![
                f("InvokeID", W::Uint, M::Plain, C),
                f("Status", W::Uint, M::CtiStatus, C),
            ],
            "CTI guide",
        )),
        30 => {
            let base = vec![
                f("MonitorID", W::Uint, M::Plain, C),
                f("PeripheralID", W::Uint, M::NullableId, C),
                f("SessionID", W::Uint, M::Plain, C),
                f("PeripheralType", W::Ushort, M::PeripheralType, C),
                f("SkillGroupState", W::Ushort, M::AgentState, C),
                f("StateDuration", W::Uint, M::Plain, C),
                f("SkillGroupNumber", W::Uint, M::NullableId, C),
                f("SkillGroupID", W::Uint, M::NullableId, C),
                f("SkillGroupPriority", W::Ushort, M::Plain, C),
                f("AgentState", W::Ushort, M::AgentState, C),
                f("EventReasonCode", W::Ushort, M::Plain, C),
                f("MRDID", W::Int, M::Plain, C),
                f("NumTasks", W::Uint, M::Plain, C),
                f("AgentMode", W::Ushort, M::AgentMode, C),
                f("MaxTaskLimit", W::Uint, M::Plain, C),
                f("ICMAgentID", W::Int, M::Plain, C),
                f("AgentAvailabilityStatus", W::Uint, M::Availability, C),
                f("NumFltSkillGroups", W::Ushort, M::Plain, C),
            ];
            let mut v19 = base.clone();
            v19.push(f("DepartmentID", W::Int, M::Plain, C));
            vec![
                (0, 18, full(base, "CTI guide, PV ≤ 18 (58-byte fixed part)")),
                (19, u32::MAX, full(v19, "CTI guide, PV ≥ 19 (DepartmentID)")),
            ]
        }
        35 => all(full(
            vec![
                f("InvokeID", W::Uint, M::Plain, C),
                f("FailureCode", W::Ushort, M::CtiStatus, C),
                f("PeripheralErrorCode", W::Uint, M::Plain, C),
            ],
            "CTI guide",
        )),
        36 => all(full(
            vec![
                f("InvokeID", W::Uint, M::Plain, C),
                f("PeripheralID", W::Uint, M::NullableId, C),
                f("MRDID", W::Int, M::Plain, C),
                f("ICMAgentID", W::Int, M::Plain, C),
            ],
            "CTI guide",
        )),
        37 => {
            let base = vec![
                f("InvokeID", W::Uint, M::Plain, C),
                f("AgentState", W::Ushort, M::AgentState, C),
                f("NumSkillGroups", W::Ushort, M::Plain, C),
                f("MRDID", W::Int, M::Plain, C),
                f("NumTasks", W::Uint, M::Plain, C),
                f("AgentMode", W::Ushort, M::AgentMode, C),
                f("MaxTaskLimit", W::Uint, M::Plain, C),
                f("ICMAgentID", W::Int, M::Plain, C),
                f("AgentAvailabilityStatus", W::Uint, M::Availability, C),
            ];
            let mut v19 = base.clone();
            v19.push(f("DepartmentID", W::Int, M::Plain, C));
            vec![
                (0, 18, full(base, "CTI guide, PV ≤ 18")),
                (19, u32::MAX, full(v19, "CTI guide, PV ≥ 19 (DepartmentID)")),
            ]
        }
        151 => all(Layout {
            fields: vec![
                f("InvokeID", W::Uint, M::Plain, I),
                f("MRDID", W::Int, M::Plain, I),
                f("ICMAgentID", W::Int, M::Plain, I),
                f("AgentMode", W::Ushort, M::AgentMode, I),
                // Named after the CTI server trace order (AgentMode, IsAvailable, MaxTaskLimit);
                // the seed note counts IsAvailable among what the server adds, so unconfirmed.
                f("IsAvailable", W::Bool, M::Bool, Confidence::Unconfirmed),
                f("MaxTaskLimit", W::Uint, M::Plain, I),
            ],
            partial: false,
            floating: true,
            note:
                "no published layout: inferred from the seed login dump and the CTI server's trace \
                   (AgentMode, IsAvailable, MaxTaskLimit in that order); the split of the 8 bytes \
                   after ICMAgentID is ambiguous, see the alternatives",
        }),
        152 => all(Layout {
            fields: vec![
                f("InvokeID", W::Uint, M::Plain, I),
                f("Status", W::Uint, M::ArmStatus, I),
            ],
            partial: false,
            floating: true,
            note: "no published layout: inferred from the seed login answer (InvokeID echoes the \
                   request; the CTI server trace prints Status = 0)",
        }),
        154 => all(Layout {
            fields: vec![
                f("InvokeID", W::Uint, M::Plain, I),
                f("MRDID", W::Int, M::Plain, I),
                f("ICMAgentID", W::Int, M::Plain, I),
                f("MaxTasks", W::Uint, M::Plain, I),
            ],
            partial: false,
            floating: true,
            note:
                "no published layout: inferred from the seed dump, every value echoed by the CTI \
                   server and OPC traces (MaxTasks = the agent's MaxTaskLimit)",
        }),
        157 => all(Layout {
            fields: vec![
                f("InvokeID", W::Uint, M::Plain, I),
                f("MRDID", W::Int, M::Plain, I),
                f("ICMAgentID", W::Int, M::Plain, I),
                f("MakeRoutable", W::Bool, M::Bool, I),
            ],
            partial: false,
            floating: true,
            note:
                "no published layout: inferred from the seed dump, every value echoed by the CTI \
                   server and OPC traces",
        }),
        _ => all(raw_layout(t)),
    }
}

/// The name of an enumeration value, `None` if the value is not listed.
pub fn enum_name(meaning: Meaning, v: i64) -> Option<&'static str> {
    match meaning {
        Meaning::AgentState => Some(AgentState::from_number(u64::try_from(v).ok()?)?.cti_name()),
        Meaning::Availability => match v {
            0 => Some("NOT_AVAILABLE"),
            1 => Some("ICM_AVAILABLE"),
            2 => Some("APPLICATION_AVAILABLE"),
            _ => None,
        },
        Meaning::CtiStatus => cti_status_name(v),
        Meaning::ArmStatus => arm_status_name(v),
        Meaning::PeripheralType => match v {
            17 => Some("PT_ENTERPRISE_AGENT"),
            19 => Some("PT_MEDIA_ROUTING"),
            22 => Some("PT_ACMI_IPCC"),
            _ => None,
        },
        Meaning::SessionType => match v {
            0 => Some("UNKNOWN"),
            1 => Some("ACTIVE"),
            2 => Some("STANDBY"),
            _ => None,
        },
        Meaning::Bool => match v {
            0 => Some("false"),
            1 => Some("true"),
            _ => None,
        },
        _ => None,
    }
}

const CTI_STATUS: [&str; 99] = [
    "E_CTI_NO_ERROR",
    "E_CTI_INVALID_VERSION",
    "E_CTI_INVALID_MESSAGE_TYPE",
    "E_CTI_INVALID_FIELD_TAG",
    "E_CTI_SESSION_NOT_OPEN",
    "E_CTI_SESSION_ALREADY_OPEN",
    "E_CTI_REQUIRED_DATA_MISSING",
    "E_CTI_INVALID_PERIPHERAL_ID",
    "E_CTI_INVALID_AGENT_DATA",
    "E_CTI_AGENT_NOT_LOGGED_ON",
    "E_CTI_DEVICE_IN_USE",
    "E_CTI_NEW_SESSION_OPENED",
    "E_CTI_FUNCTION_NOT_AVAILABLE",
    "E_CTI_INVALID_CALLID",
    "E_CTI_PROTECTED_VARIABLE",
    "E_CTI_CTI_SERVER_OFFLINE",
    "E_CTI_TIMEOUT",
    "E_CTI_UNSPECIFIED_FAILURE",
    "E_CTI_INVALID_TIMEOUT",
    "E_CTI_INVALID_SERVICE_MASK",
    "E_CTI_INVALID_CALL_MSG_MASK",
    "E_CTI_INVALID_AGENT_STATE_MASK",
    "E_CTI_INVALID_RESERVED_FIELD",
    "E_CTI_INVALID_FIELD_LENGTH",
    "E_CTI_INVALID_DIGITS",
    "E_CTI_BAD_MESSAGE_FORMAT",
    "E_CTI_INVALID_TAG_FOR_MSG_TYPE",
    "E_CTI_INVALID_DEVICE_ID_TYPE",
    "E_CTI_INVALID_LCL_CONN_STATE",
    "E_CTI_INVALID_EVENT_CAUSE",
    "E_CTI_INVALID_NUM_PARTIES",
    "E_CTI_INVALID_SYS_EVENT_ID",
    "E_CTI_INCONSISTENT_AGENT_DATA",
    "E_CTI_INVALID_CONNECTION_ID_TYPE",
    "E_CTI_INVALID_CALL_TYPE",
    "E_CTI_NOT_CALL_PARTY",
    "E_CTI_INVALID_PASSWORD",
    "E_CTI_CLIENT_DISCONNECTED",
    "E_CTI_INVALID_OBJECT_STATE",
    "E_CTI_INVALID_NUM_SKILL_GROUPS",
    "E_CTI_INVALID_NUM_LINES",
    "E_CTI_INVALID_LINE_TYPE",
    "E_CTI_INVALID_ALLOCATION_STATE",
    "E_CTI_INVALID_ANSWERING_MACHINE",
    "E_CTI_INVALID_CALL_MANNER_TYPE",
    "E_CTI_INVALID_CALL_PLACEMENT_TYPE",
    "E_CTI_INVALID_CONSULT_TYPE",
    "E_CTI_INVALID_FACILITY_TYPE",
    "E_CTI_INVALID_MSG_TYPE_FOR_VERSION",
    "E_CTI_INVALID_TAG_FOR_VERSION",
    "E_CTI_INVALID_AGENT_WORK_MODE",
    "E_CTI_INVALID_CALL_OPTION",
    "E_CTI_INVALID_DESTINATION_COUNTRY",
    "E_CTI_INVALID_ANSWER_DETECT_MODE",
    "E_CTI_MUTUALLY_EXCLUS_DEVICEID_TYPES",
    "E_CTI_INVALID_MONITORID",
    "E_CTI_SESSION_MONITOR_ALREADY_EXISTS",
    "E_CTI_SESSION_MONITOR_IS_CLIENTS",
    "E_CTI_INVALID_CALL_CONTROL_MASK",
    "E_CTI_INVALID_FEATURE_MASK",
    "E_CTI_INVALID_TRANSFER_CONFERENCE_SETUP_MASK",
    "E_CTI_INVALID_ARRAY_INDEX",
    "E_CTI_INVALID_CHARACTER",
    "E_CTI_CLIENT_NOT_FOUND",
    "E_CTI_SUPERVISOR_NOT_FOUND",
    "E_CTI_TEAM_NOT_FOUND",
    "E_CTI_NO_CALL_ACTIVE",
    "E_CTI_NAMED_VARIABLE_NOT_CONFIGURED",
    "E_CTI_NAMED_ARRAY_NOT_CONFIGURED",
    "E_CTI_INVALID_CALL_VARIABLE_MASK",
    "E_CTI_ELEMENT_NOT_FOUND",
    "E_CTI_INVALID_DISTRIBUTION_TYPE",
    "E_CTI_INVALID_SKILL_GROUP",
    "E_CTI_TOO_MUCH_DATA",
    "E_CTI_VALUE_TOO_LONG",
    "E_CTI_SCALAR_FUNCTION_ON_ARRAY",
    "E_CTI_ARRAY_FUNCTION_ON_SCALAR",
    "E_CTI_INVALID_NUM_NAMED_VARIABLES",
    "E_CTI_INVALID_NUM_NAMED_ARRAYS",
    "E_CTI_INVALID_RTP_DIRECTION",
    "E_CTI_INVALID_RTP_TYPE",
    "E_CTI_CALLED_PARTY_DISPOSITION",
    "E_CTI_INVALID_SUPERVISORY_ACTION",
    "E_CTI_AGENT_TEAM_MONITOR_ALREADY_EXISTS",
    "E_CTI_INVALID_SERVICE",
    "E_CTI_SERVICE_CONFLICT",
    "E_CTI_SKILL_GROUP_CONFLICT",
    "E_CTI_INVALID_DEVICE",
    "E_CTI_INVALID_MR_DOMAIN",
    "E_CTI_MONITOR_ALREADY_EXISTS",
    "E_CTI_MONITOR_TERMINATED",
    "E_CTI_INVALID_TASK_MSG_MASK",
    "E_CTI_SERVER_NOT_MASTER",
    "E_CTI_INVALID_CSD",
    "E_CTI_JTAPI_CCM_PROBLEM",
    "E_CTI_INVALID_CONFIG_MSG_MASK",
    "E_CTI_AUTO_CONFIG_RESET",
    "E_CTI_INVALID_MONITOR_STATUS",
    "E_CTI_INVALID_REQUEST_TYPE",
];

/// `E_CTI_*` name of a status code.
pub fn cti_status_name(v: i64) -> Option<&'static str> {
    let s = match v {
        107 => "E_CTI_INVALID_CLIENT_FOR_STANDBY",
        108 => "E_CTI_INVALID_UNIQUE_INSTANCE_ID",
        109 => "E_CTI_DUPLICATE_UNIQUE_INSTANCE_ID",
        110 => "E_CTI_SERVER_IN_MAINTENANCE_MODE",
        _ => return CTI_STATUS.get(usize::try_from(v).ok()?).copied(),
    };
    Some(s)
}

/// `E_ARM_STAT_*` name of an ARM result code (the subset Finesse documents). 0 has no published
/// name: it is "no error" (callers say so), not a constant.
pub fn arm_status_name(v: i64) -> Option<&'static str> {
    Some(match v {
        1 => "E_ARM_STAT_AGENT_ALREADY_LOGGED_IN",
        2 => "E_ARM_STAT_AGENT_NOT_FOUND",
        3 => "E_ARM_STAT_MRD_LIST_ENTRY_NOT_FOUND",
        6 => "E_ARM_STAT_AGENT_NOT_LOGGED_IN",
        9 => "E_ARM_STAT_ALREADY_HAVE_PENDING_MAKE_AGENT_NOT_READY",
        11 => "E_ARM_STAT_CANT_LOGIN_TO_VOICE_MRD",
        14 => "E_ARM_STAT_DO_THIS_WITH_TASK_SENT_RECENTLY",
        27 => "E_ARM_STAT_LOGIN_NOT_ALLOWED_FOR_APP_PATH",
        34 => "E_ARM_STAT_PERFORMANCE_LIMIT_EXCEEDED",
        36 => "E_ARM_STAT_CC_OFFLINE",
        37 => "E_ARM_STAT_LOGIN_TIMEOUT",
        38 => "E_ARM_STAT_PQ_LOGIN_FAILED",
        41 => "E_ARM_STAT_LOGIN_REQUEST_ALREADY_PENDING",
        _ => return None,
    })
}

/// Names of the bits set in a CTI service mask.
pub fn service_mask_names(v: u32) -> Vec<&'static str> {
    const BITS: [(u32, &str); 20] = [
        (0x8000_0000, "DEBUG"),
        (0x1, "CLIENT_EVENTS"),
        (0x2, "CALL_DATA_UPDATE"),
        (0x4, "CLIENT_CONTROL"),
        (0x8, "CONNECTION_MONITOR"),
        (0x10, "ALL_EVENTS"),
        (0x20, "PERIPHERAL_MONITOR"),
        (0x40, "CLIENT_MONITOR"),
        (0x80, "SUPERVISOR"),
        (0x100, "SERVER"),
        (0x400, "AGENT_REPORTING"),
        (0x800, "ALL_TASK_EVENTS"),
        (0x1000, "TASK_MONITOR"),
        (0x2000, "AGENT_STATE_CONTROL_ONLY"),
        (0x8000, "DEVICE_STATE_CONTROL"),
        (0x80000, "UPDATE_EVENTS"),
        (0x100000, "IGNORE_DUPLICATE_AGENT_EVENTS"),
        (0x200000, "IGNORE_CONF"),
        (0x400000, "ACD_LINE_ONLY"),
        (0x0200_0000, "ACTIVE_STANDBY"),
    ];
    BITS.iter()
        .filter(|(b, _)| v & b != 0)
        .map(|(_, n)| *n)
        .collect()
}

/// Names of the bits set in a PGStatus.
pub fn pg_status_names(v: u32) -> Vec<&'static str> {
    const BITS: [(u32, &str); 5] = [
        (0x1, "PGS_OPC_DOWN"),
        (0x2, "PGS_CC_DOWN"),
        (0x4, "PGS_PERIPHERAL_OFFLINE"),
        (0x8, "PGS_CTI_SERVER_OFFLINE"),
        (0x10, "PGS_LIMITED_FUNCTION"),
    ];
    BITS.iter()
        .filter(|(b, _)| v & b != 0)
        .map(|(_, n)| *n)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reference_type_has_a_name() {
        for t in (1..=65).chain(78..=79).chain(82..=86).chain(91..=215) {
            assert!(type_name(t).is_some(), "type {t}");
        }
        for t in 151..=210 {
            assert!(type_name(t).is_some(), "ARM type {t}");
        }
        for t in 254..=266 {
            assert!(type_name(t).is_some(), "type {t}");
        }
        assert_eq!(type_name(151), Some("MEDIA_LOGIN_REQ"));
        assert_eq!(type_name(154), Some("MAKE_AGENT_ROUTABLE_IND"));
        assert_eq!(type_name(157), Some("MAKE_AGENT_READY_IND"));
        assert_eq!(type_name(190), Some("FAILURE_RESP"));
        assert_eq!(type_name(210), Some("TASK_INIT_RESP"));
        assert_eq!(type_name(266), Some("DESKTOP_CONNECTED_IND"));
        assert_eq!(type_name(0), None);
        assert_eq!(type_name(70), None);
        assert_eq!(type_name(u32::MAX), None);
        assert_eq!(type_number("make_agent_ready_ind"), Some(157));
    }

    #[test]
    fn enums_name_by_number() {
        assert_eq!(
            enum_name(Meaning::AgentState, 14),
            Some("AGENT_STATE_NOT_ACTIVE")
        );
        assert_eq!(
            enum_name(Meaning::CtiStatus, 88),
            Some("E_CTI_INVALID_MR_DOMAIN")
        );
        assert_eq!(enum_name(Meaning::CtiStatus, 0), Some("E_CTI_NO_ERROR"));
        assert_eq!(
            enum_name(Meaning::ArmStatus, 27),
            Some("E_ARM_STAT_LOGIN_NOT_ALLOWED_FOR_APP_PATH")
        );
        assert_eq!(enum_name(Meaning::CtiStatus, 99), None);
        assert_eq!(enum_name(Meaning::AgentState, -1), None);
        assert_eq!(service_mask_names(0x400), vec!["AGENT_REPORTING"]);
    }

    #[test]
    fn layouts_have_the_seed_sizes() {
        assert_eq!(layout(151, None).fixed_size(), 20);
        assert_eq!(layout(152, None).fixed_size(), 8);
        assert_eq!(layout(154, None).fixed_size(), 16);
        assert_eq!(layout(157, None).fixed_size(), 14);
        assert_eq!(layout(3, None).fixed_size(), 44);
        assert_eq!(layout(4, Some(18)).fixed_size(), 26);
        assert_eq!(layout(4, Some(19)).fixed_size(), 30);
        assert_eq!(layout(4, Some(24)).fixed_size(), 32);
        assert_eq!(layout(30, Some(18)).fixed_size(), 58);
        assert_eq!(layout(30, Some(19)).fixed_size(), 62);
        assert_eq!(layout(37, Some(19)).fixed_size(), 34);
        assert_eq!(layout(35, None).fixed_size(), 10);
        assert!(layout(160, None).partial);
        assert_eq!(layout(160, None).fields.len(), 3);
        assert!(layout(9, None).fields.is_empty());
    }
}
